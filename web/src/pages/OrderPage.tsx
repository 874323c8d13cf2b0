import { useQuery, useSubscription } from "urql";
import { OrderDetailsDocument, OrderUpdatedDocument } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { orderFailureMessage } from "../errors";

const STATUS_WORDS: Record<string, string> = {
  PENDING: "We are processing your order…",
  CONFIRMED: "Your order is confirmed.",
  SHIPPED: "Your order has shipped.",
  DELIVERED: "Your order has been delivered.",
  CANCELLED: "Your order was cancelled.",
  FAILED: "Your order could not be placed.",
};

/** The live part: status, payment and shipment as the orderUpdated subscription pushes them. */
function LiveStatus({ id }: { id: string }) {
  const [live] = useSubscription({ query: OrderUpdatedDocument, variables: { id } });
  const order = live.data?.orderUpdated;
  if (!order) return live.error ? <ErrorNote error={live.error} /> : <Loading what="the order's progress" />;
  return (
    <section aria-labelledby="progress" aria-live="polite">
      <h2 id="progress">Progress</h2>
      <p>
        Status: <span className="status" data-testid="order-status">{order.status}</span> — {STATUS_WORDS[order.status]}
      </p>
      {order.status === "FAILED" && (
        <p role="alert" className="error">{orderFailureMessage(order.failureCode, order.payment?.declineReason ?? null)}</p>
      )}
      <p>Payment: {order.payment?.status ?? "not yet"}</p>
      <p>
        Shipment: {order.shipment ? `${order.shipment.status} with ${order.shipment.carrier}, tracking ${order.shipment.trackingNumber}` : "not yet"}
      </p>
    </section>
  );
}

export function OrderPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: OrderDetailsDocument, variables: { id } });
  if (fetching && !data) return <Loading what="your order" />;
  const order = data?.order;
  return (
    <>
      <h1>Order {id.slice(0, 8)}</h1>
      <ErrorNote error={error} />
      <LiveStatus id={id} />
      {order && (
        <section aria-labelledby="items">
          <h2 id="items">Items</h2>
          <ul>
            {order.items.map((item, index) => (
              <li key={index}>
                {item.quantity} × {item.productName} at {item.unitPrice.formatted}
              </li>
            ))}
          </ul>
          <p>Total: {order.total.formatted}</p>
          {order.shippingAddress && (
            <p>
              Ship to: {order.shippingAddress.line1}, {order.shippingAddress.city} {order.shippingAddress.postalCode}, {order.shippingAddress.country}
            </p>
          )}
        </section>
      )}
    </>
  );
}
