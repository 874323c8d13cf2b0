import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { CheckoutDocument, SavedAddressesDocument, type AddressInput } from "../../../operations/generated/graphql";
import { AddressFields, cleanAddress, EMPTY_ADDRESS } from "../components/AddressFields";
import { ErrorNote } from "../components/Status";
import { Link, navigate } from "../router";
import { useSession } from "../use-session";

const TEST_CARDS = [
  { token: "tok_visa", label: "Test Visa (approved)" },
  { token: "tok_chargeDeclined", label: "Test card that is declined" },
];

function SavedAddressPicker({ onPick }: { onPick: (address: AddressInput) => void }) {
  const [{ data }] = useQuery({ query: SavedAddressesDocument });
  const saved = data?.me?.addresses ?? [];
  if (saved.length === 0) return null;
  return (
    <label>
      Use a saved address
      <select defaultValue="" onChange={(event) => { const picked = saved.find((entry) => entry.id === event.target.value); if (picked) onPick({ ...picked.address }); }}>
        <option value="">Choose…</option>
        {saved.map((entry) => (
          <option key={entry.id} value={entry.id}>{entry.label ?? entry.address.line1}</option>
        ))}
      </select>
    </label>
  );
}

export function CheckoutPage() {
  const session = useSession();
  const [address, setAddress] = useState<AddressInput>(EMPTY_ADDRESS);
  const [paymentToken, setPaymentToken] = useState("tok_visa");
  // One key per visit to this page: a double submit places one order.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [result, checkout] = useMutation(CheckoutDocument);
  if (!session) return <p>Please <Link to="/sign-in">sign in</Link> to check out.</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await checkout({ input: { shippingAddress: cleanAddress(address), paymentToken, idempotencyKey } });
    if (answer.data?.checkout) navigate(`/orders/${answer.data.checkout.id}`);
  };
  return (
    <>
      <h1>Checkout</h1>
      <form onSubmit={(event) => void submit(event)}>
        <SavedAddressPicker onPick={setAddress} />
        <AddressFields value={address} onChange={setAddress} />
        <label>
          Card
          <select value={paymentToken} onChange={(event) => setPaymentToken(event.target.value)}>
            {TEST_CARDS.map((card) => (
              <option key={card.token} value={card.token}>{card.label}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={result.fetching}>
          Place order
        </button>
        <ErrorNote error={result.error} />
      </form>
    </>
  );
}
