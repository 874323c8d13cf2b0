import { useState } from "react";
import { useQuery } from "urql";
import { OrderHistoryDocument } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { Link } from "../router";

function HistoryPage({ after, isLast, onMore }: { after: string | null; isLast: boolean; onMore: (cursor: string) => void }) {
  const [{ data, fetching, error }] = useQuery({ query: OrderHistoryDocument, variables: { first: 10, after }, requestPolicy: "cache-and-network" });
  if (fetching && !data) return <Loading what="your orders" />;
  const orders = data?.me?.orders;
  return (
    <>
      <ErrorNote error={error} />
      {after === null && orders?.totalCount === 0 && <p>No orders yet.</p>}
      <ul>
        {orders?.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/orders/${node.id}`}>Order {node.id.slice(0, 8)}</Link> — {new Date(node.createdAt).toLocaleDateString()} — {node.status} — {node.total.formatted} (
            {node.items.map((item) => `${item.quantity} × ${item.productName}`).join(", ")})
          </li>
        ))}
      </ul>
      {isLast && orders?.pageInfo.hasNextPage && orders.pageInfo.endCursor && (
        <button type="button" onClick={() => onMore(orders.pageInfo.endCursor!)}>Load more orders</button>
      )}
    </>
  );
}

export function OrderHistoryPage() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return (
    <>
      <h1>Your orders</h1>
      {cursors.map((after, index) => (
        <HistoryPage key={`${after}`} after={after} isLast={index === cursors.length - 1} onMore={(cursor) => setCursors([...cursors, cursor])} />
      ))}
    </>
  );
}
