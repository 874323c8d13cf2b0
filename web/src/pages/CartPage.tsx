import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { CartDocument, SetCartLineQuantityDocument, SetCartPostalCodeDocument, type CartContentsFragment } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { guestCartId } from "../guest-cart";
import { Link } from "../router";
import { useSession } from "../use-session";

function CartLines({ cart, cartId }: { cart: CartContentsFragment; cartId: string | null }) {
  const [changed, setQuantity] = useMutation(SetCartLineQuantityDocument);
  return (
    <>
      <table>
        <caption>Items in your cart</caption>
        <thead>
          <tr><th scope="col">Product</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Subtotal</th></tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr key={line.productId}>
              <td>
                <Link to={`/product/${line.productId}`}>{line.product?.name ?? "A product"}</Link>
                {line.product?.inStock === false && <span className="error"> (out of stock)</span>}
              </td>
              <td>{line.unitPrice.formatted}</td>
              <td>
                <label>
                  <span className="visually-hidden">Quantity of {line.product?.name ?? "this product"}</span>
                  <input type="number" min={0} max={100} defaultValue={line.quantity} onBlur={(event) => void setQuantity({ cartId, productId: line.productId, quantity: Number(event.target.value) })} />
                </label>
                <button type="button" onClick={() => void setQuantity({ cartId, productId: line.productId, quantity: 0 })}>
                  Remove {line.product?.name ?? "item"}
                </button>
              </td>
              <td>{line.subtotal.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={changed.error} />
    </>
  );
}

function PostalCodeForm({ cart, cartId }: { cart: CartContentsFragment; cartId: string | null }) {
  const [postalCode, setPostalCode] = useState(cart.postalCode ?? "");
  const [result, setCartPostalCode] = useMutation(SetCartPostalCodeDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void setCartPostalCode({ cartId, postalCode });
  };
  return (
    <form className="inline" onSubmit={submit}>
      <label>
        Postal code
        <input value={postalCode} onChange={(event) => setPostalCode(event.target.value)} autoComplete="postal-code" />
      </label>
      <button type="submit">Update shipping</button>
      <ErrorNote error={result.error} />
    </form>
  );
}

export function CartPage() {
  const session = useSession();
  const cartId = session ? null : guestCartId.read();
  const noCart = !session && cartId === null;
  const [{ data, fetching, error }] = useQuery({ query: CartDocument, variables: { id: cartId }, pause: noCart });
  if (noCart) return <><h1>Your cart</h1><p>Your cart is empty. <Link to="/">Browse the catalogue</Link>.</p></>;
  if (fetching && !data) return <Loading what="your cart" />;
  const cart = data?.cart;
  return (
    <>
      <h1>Your cart</h1>
      <ErrorNote error={error} />
      {!cart || cart.lines.length === 0 ? (
        <p>Your cart is empty. <Link to="/">Browse the catalogue</Link>.</p>
      ) : (
        <>
          <CartLines cart={cart} cartId={cartId} />
          <PostalCodeForm cart={cart} cartId={cartId} />
          <dl>
            <dt>Subtotal</dt><dd>{cart.subtotal.formatted}</dd>
            <dt>Shipping</dt><dd>{cart.shippingCost?.formatted ?? "enter a postal code"}</dd>
            <dt>Total</dt><dd><strong>{cart.total.formatted}</strong></dd>
          </dl>
          {session ? <Link to="/checkout">Go to checkout</Link> : <p><Link to="/sign-in">Sign in</Link> or <Link to="/sign-up">sign up</Link> to check out; your cart comes with you.</p>}
        </>
      )}
    </>
  );
}
