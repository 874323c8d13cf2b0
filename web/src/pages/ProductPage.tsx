import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { AddToCartDocument, ProductPageDocument } from "../../../operations/generated/graphql";
import { ErrorNote, Loading } from "../components/Status";
import { guestCartId } from "../guest-cart";
import { readSession } from "../session";
import { Link } from "../router";

function AddToCartForm({ productId, available }: { productId: string; available: number | null }) {
  const [quantity, setQuantity] = useState(1);
  const [added, addToCart] = useMutation(AddToCartDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await addToCart({ cartId: readSession() ? null : guestCartId.read(), productId, quantity });
    if (result.data && !readSession()) guestCartId.write(result.data.addToCart.id);
  };
  const soldOut = available !== null && available <= 0;
  return (
    <form className="inline" onSubmit={(event) => void submit(event)}>
      <label>
        Quantity
        <input type="number" min={1} max={100} value={quantity} onChange={(event) => setQuantity(Number(event.target.value))} />
      </label>
      <button type="submit" disabled={soldOut || added.fetching}>
        Add to cart
      </button>
      {added.data && (
        <p role="status" className="notice">
          Added. <Link to="/cart">View cart</Link>
        </p>
      )}
      <ErrorNote error={added.error} />
    </form>
  );
}

export function ProductPage({ id }: { id: string }) {
  const [postalCode, setPostalCode] = useState("");
  const [applied, setApplied] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: ProductPageDocument, variables: { id, postalCode: applied } });
  if (fetching && !data) return <Loading what="the product" />;
  const product = data?.product;
  if (!product) return error ? <ErrorNote error={error} /> : <h1>Product not found</h1>;
  const available = product.inventory?.available ?? null;
  return (
    <article>
      <h1>{product.name}</h1>
      <ErrorNote error={error} />
      <p>{product.description}</p>
      <p>
        Price: <strong>{product.price.formatted}</strong> · SKU {product.sku} · {product.weightGrams} g
      </p>
      <p>{available === null ? "Stock unknown right now" : available > 0 ? `${available} in stock` : "Out of stock"}</p>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(postalCode || null);
        }}
      >
        <label>
          Postal code for shipping
          <input value={postalCode} onChange={(event) => setPostalCode(event.target.value)} autoComplete="postal-code" />
        </label>
        <button type="submit">Estimate shipping</button>
      </form>
      {applied && <p>Shipping to {applied}: {product.shippingEstimate?.formatted ?? "not available"}</p>}
      <AddToCartForm productId={product.id} available={available} />
    </article>
  );
}
