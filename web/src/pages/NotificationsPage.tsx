import { useEffect } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { MarkNotificationReadDocument, NotificationAddedDocument, NotificationsDocument } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { Link } from "../router";

export function NotificationsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: NotificationsDocument, variables: { first: 50 }, requestPolicy: "cache-and-network" });
  const [live] = useSubscription({ query: NotificationAddedDocument });
  const [marked, markRead] = useMutation(MarkNotificationReadDocument);
  const latest = live.data?.notificationAdded.id;
  useEffect(() => {
    if (latest) refetch({ requestPolicy: "network-only" });
  }, [latest, refetch]);
  if (fetching && !data) return <Loading what="notifications" />;
  const notifications = data?.me?.notifications ?? [];
  const unread = notifications.filter((notification) => notification.readAt === null).length;
  return (
    <>
      <h1>Notifications</h1>
      <p>{unread} unread</p>
      <ErrorNote error={error ?? marked.error} />
      <ul aria-label="Notifications">
        {notifications.map((notification) => (
          <li key={notification.id} className="card">
            <h2>{notification.title}{notification.readAt === null && " (unread)"}</h2>
            <p>{notification.body}</p>
            {notification.order && <Link to={`/orders/${notification.order.id}`}>See the order</Link>}{" "}
            {notification.readAt === null && (
              <button type="button" onClick={() => void markRead({ id: notification.id })}>
                Mark “{notification.title}” as read
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
