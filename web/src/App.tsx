import { useEffect, useMemo } from "react";
import { Provider } from "urql";
import { createShopClient } from "./client";
import { Header } from "./components/Header";
import { useRoute } from "./router";
import { useSession } from "./use-session";
import { CataloguePage } from "./pages/CataloguePage";
import { ProductPage } from "./pages/ProductPage";
import { CartPage } from "./pages/CartPage";
import { SignInPage } from "./pages/SignInPage";
import { SignUpPage } from "./pages/SignUpPage";
import { CheckoutPage } from "./pages/CheckoutPage";
import { OrderPage } from "./pages/OrderPage";
import { OrderHistoryPage } from "./pages/OrderHistoryPage";
import { NotificationsPage } from "./pages/NotificationsPage";
import { AccountPage } from "./pages/AccountPage";
import { AdminProductsPage } from "./pages/AdminProductsPage";
import { AdminOrdersPage } from "./pages/AdminOrdersPage";

/** The page for a hash path; ids come from the path's last segment. */
function pageFor(path: string) {
  const [, first = "", second] = path.split("/");
  if (first === "") return <CataloguePage />;
  if (first === "product" && second) return <ProductPage id={decodeURIComponent(second)} />;
  if (first === "cart") return <CartPage />;
  if (first === "sign-in") return <SignInPage />;
  if (first === "sign-up") return <SignUpPage />;
  if (first === "checkout") return <CheckoutPage />;
  if (first === "orders" && second) return <OrderPage id={decodeURIComponent(second)} />;
  if (first === "orders") return <OrderHistoryPage />;
  if (first === "notifications") return <NotificationsPage />;
  if (first === "account") return <AccountPage />;
  if (first === "admin" && second === "products") return <AdminProductsPage />;
  if (first === "admin" && second === "orders") return <AdminOrdersPage />;
  return <h1>Page not found</h1>;
}

export function App() {
  const session = useSession();
  const userId = session?.user.id ?? "guest";
  // A new client per user: no cached answer or live connection crosses a sign-in or sign-out.
  const shop = useMemo(() => createShopClient(), [userId]);
  useEffect(() => shop.dispose, [shop]);
  const path = useRoute();
  return (
    <Provider value={shop.client}>
      <Header />
      <main id="main">{pageFor(path)}</main>
    </Provider>
  );
}
