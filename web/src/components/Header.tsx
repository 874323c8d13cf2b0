import { useEffect } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { LogOutDocument, NotificationAddedDocument, NotificationsDocument } from "../../../operations/generated/graphql";
import { Link, navigate } from "../router";
import { readSession, saveSession } from "../session";
import { useSession } from "../use-session";

/** Unread notifications, refetched whenever a new one arrives live. */
function UnreadBadge() {
  const [unread, refetch] = useQuery({ query: NotificationsDocument, variables: { unreadOnly: true, first: 50 }, requestPolicy: "cache-and-network" });
  const [live] = useSubscription({ query: NotificationAddedDocument });
  const latest = live.data?.notificationAdded.id;
  useEffect(() => {
    if (latest) refetch({ requestPolicy: "network-only" });
  }, [latest, refetch]);
  const count = unread.data?.me?.notifications?.length ?? 0;
  return count > 0 ? (
    <span className="badge" aria-label={`${count} unread`}>
      {count}
    </span>
  ) : null;
}

function SignOutButton() {
  const [, logOut] = useMutation(LogOutDocument);
  const signOut = async () => {
    const session = readSession();
    if (session) await logOut({ refreshToken: session.refreshToken });
    saveSession(null);
    navigate("/");
  };
  return (
    <button type="button" className="link" onClick={() => void signOut()}>
      Sign out
    </button>
  );
}

export function Header() {
  const session = useSession();
  const isAdmin = session?.user.role === "ADMIN";
  return (
    <header>
      <strong>Shop</strong>
      <nav aria-label="Main">
        <ul>
          <li><Link to="/">Catalogue</Link></li>
          <li><Link to="/cart">Cart</Link></li>
          {session ? (
            <>
              <li><Link to="/orders">Orders</Link></li>
              <li><Link to="/notifications">Notifications</Link><UnreadBadge /></li>
              <li><Link to="/account">Account</Link></li>
              {isAdmin && <li><Link to="/admin/products">Admin: products</Link></li>}
              {isAdmin && <li><Link to="/admin/orders">Admin: orders</Link></li>}
              <li><SignOutButton /></li>
            </>
          ) : (
            <>
              <li><Link to="/sign-in">Sign in</Link></li>
              <li><Link to="/sign-up">Sign up</Link></li>
            </>
          )}
        </ul>
      </nav>
      {session && <span>Signed in as {session.user.name}</span>}
    </header>
  );
}
