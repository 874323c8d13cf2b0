import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { AdminCatalogueDocument, RestockDocument, UpdateProductDocument, type AdminCatalogueQuery } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";

type AdminProduct = AdminCatalogueQuery["products"]["edges"][number]["node"];

function PriceForm({ product }: { product: AdminProduct }) {
  const [price, setPrice] = useState((product.price.cents / 100).toFixed(2));
  const [result, updateProduct] = useMutation(UpdateProductDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void updateProduct({ id: product.id, input: { priceCents: Math.round(Number(price) * 100) } });
  };
  return (
    <form className="inline" onSubmit={submit}>
      <label>
        Price of {product.name}
        <input inputMode="decimal" value={price} onChange={(event) => setPrice(event.target.value)} />
      </label>
      <button type="submit">Save price of {product.name}</button>
      <ErrorNote error={result.error} />
    </form>
  );
}

function RestockForm({ product }: { product: AdminProduct }) {
  const [quantity, setQuantity] = useState(10);
  // A fresh key per restock meant; a retried click (same key) adds nothing twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [result, restock] = useMutation(RestockDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await restock({ productId: product.id, quantity, idempotencyKey }, { additionalTypenames: ["Product"] });
    if (answer.data) setIdempotencyKey(crypto.randomUUID());
  };
  return (
    <form className="inline" onSubmit={(event) => void submit(event)}>
      <label>
        Restock {product.name} by
        <input type="number" min={1} value={quantity} onChange={(event) => setQuantity(Number(event.target.value))} />
      </label>
      <button type="submit">Restock {product.name}</button>
      <ErrorNote error={result.error} />
    </form>
  );
}

export function AdminProductsPage() {
  const [{ data, fetching, error }] = useQuery({ query: AdminCatalogueDocument, variables: { first: 50 } });
  if (fetching && !data) return <Loading what="the catalogue" />;
  return (
    <>
      <h1>Admin: products</h1>
      <ErrorNote error={error} />
      <table>
        <caption>{data?.products.totalCount ?? 0} products</caption>
        <thead>
          <tr><th scope="col">Product</th><th scope="col">Stock (on hand / reserved / available)</th><th scope="col">Price</th><th scope="col">Restock</th></tr>
        </thead>
        <tbody>
          {data?.products.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>{node.name} <small>{node.sku}</small></td>
              <td>{node.inventory ? `${node.inventory.onHand} / ${node.inventory.reserved} / ${node.inventory.available}` : "unknown"}</td>
              <td><PriceForm product={node} /></td>
              <td><RestockForm product={node} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
