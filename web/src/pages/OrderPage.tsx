import { useEffect } from "react";
import { useQuery, useSubscription } from "urql";
import { OrderDetailsDocument, OrderStatusDocument, OrderUpdatedDocument } from "../../../operations/generated/graphql";
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

const STEP_WORDS: Record<string, string> = {
  RESERVE_INVENTORY: "Reserving your items",
  CHARGE_PAYMENT: "Charging your card",
  CONFIRM_ORDER: "Confirming your order",
  CREATE_SHIPMENT: "Booking the shipment",
};

/** The checkout saga's steps, read again whenever the live order changes (the subscription carries no steps). */
function SagaSteps({ id, updatedAt }: { id: string; updatedAt: string }) {
  const [{ data }, refetch] = useQuery({ query: OrderStatusDocument, variables: { id }, requestPolicy: "network-only" });
  useEffect(() => refetch({ requestPolicy: "network-only" }), [updatedAt, refetch]);
  const steps = data?.order?.saga?.steps ?? [];
  if (steps.length === 0) return null;
  return (
    <ol aria-label="Checkout steps">
      {steps.map((step) => (
        <li key={step.name}>
          {STEP_WORDS[step.name] ?? step.name}: {step.status.toLowerCase()}
        </li>
      ))}
    </ol>
  );
}

function shipmentWords(shipment: { status: string; carrier: string | null; trackingNumber: string | null } | null): string {
  if (!shipment) return "not yet";
  const carrier = shipment.carrier ? ` with ${shipment.carrier}` : "";
  const tracking = shipment.trackingNumber ? `, tracking ${shipment.trackingNumber}` : "";
  return `${shipment.status}${carrier}${tracking}`;
}

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
      <SagaSteps id={id} updatedAt={order.updatedAt} />
      <p>Payment: {order.payment?.status ?? "not yet"}</p>
      <p>Shipment: {shipmentWords(order.shipment)}</p>
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
