import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { AdminOrdersDocument, AdvanceShipmentDocument, type OrderStatus } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { Link } from "../router";

const STATUSES: OrderStatus[] = ["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED", "FAILED"];
const ADVANCEABLE = new Set(["CONFIRMED", "SHIPPED"]);

function AdvanceButton({ orderId }: { orderId: string }) {
  const [result, advance] = useMutation(AdvanceShipmentDocument);
  // The same key for retries of one click; a new one once it moved.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const click = async () => {
    const answer = await advance({ orderId, idempotencyKey }, { additionalTypenames: ["Order"] });
    if (answer.data) setIdempotencyKey(crypto.randomUUID());
  };
  return (
    <>
      <button type="button" disabled={result.fetching} onClick={() => void click()}>
        Advance shipment of order {orderId.slice(0, 8)}
      </button>
      <ErrorNote error={result.error} />
    </>
  );
}

export function AdminOrdersPage() {
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [{ data, fetching, error }] = useQuery({ query: AdminOrdersDocument, variables: { status: status || null, first: 50 }, requestPolicy: "cache-and-network" });
  return (
    <>
      <h1>Admin: orders</h1>
      <label>
        Status
        <select value={status} onChange={(event) => setStatus(event.target.value as OrderStatus | "")}>
          <option value="">Any status</option>
          {STATUSES.map((value) => <option key={value} value={value}>{value}</option>)}
        </select>
      </label>
      {fetching && !data && <Loading what="orders" />}
      <ErrorNote error={error} />
      <table>
        <caption>{data?.orders.totalCount ?? 0} orders</caption>
        <thead>
          <tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col">Shipment</th><th scope="col">Action</th></tr>
        </thead>
        <tbody>
          {data?.orders.edges.map(({ node }) => (
            <tr key={node.id}>
              <td><Link to={`/orders/${node.id}`}>{node.id.slice(0, 8)}</Link> {node.total.formatted}</td>
              <td>{node.user?.email ?? "unknown"}</td>
              <td>{node.status}</td>
              <td>{node.shipment?.status ?? "none"}</td>
              <td>{ADVANCEABLE.has(node.status) && node.shipment?.status !== "DELIVERED" && <AdvanceButton orderId={node.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
