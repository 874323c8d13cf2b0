import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { ChangePasswordDocument, DeleteAddressDocument, SaveAddressDocument, SavedAddressesDocument, UpdateProfileDocument, type AddressInput } from "../../../operations/generated/graphql";
import { AddressFields, cleanAddress, EMPTY_ADDRESS } from "../components/AddressFields";
import { ErrorNote, Loading } from "../components/Status";
import { Link } from "../router";
import { readSession, saveSession } from "../session";
import { useSession } from "../use-session";

function ProfileForm({ name }: { name: string }) {
  const [draft, setDraft] = useState(name);
  const [result, updateProfile] = useMutation(UpdateProfileDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await updateProfile({ input: { name: draft } });
    const session = readSession();
    if (answer.data && session) saveSession({ ...session, user: answer.data.updateProfile });
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="profile">
      <h2 id="profile">Profile</h2>
      <label>
        Name
        <input required value={draft} onChange={(event) => setDraft(event.target.value)} autoComplete="name" />
      </label>
      <button type="submit">Save name</button>
      {result.data && <p role="status" className="notice">Saved.</p>}
      <ErrorNote error={result.error} />
    </form>
  );
}

function PasswordForm() {
  const [passwords, setPasswords] = useState({ currentPassword: "", newPassword: "" });
  const [result, changePassword] = useMutation(ChangePasswordDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await changePassword(passwords);
    // Every other session ended; this device continues with the new pair.
    if (answer.data?.changePassword) saveSession(answer.data.changePassword);
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="password">
      <h2 id="password">Password</h2>
      <label>
        Current password
        <input type="password" required autoComplete="current-password" value={passwords.currentPassword} onChange={(event) => setPasswords({ ...passwords, currentPassword: event.target.value })} />
      </label>
      <label>
        New password
        <input type="password" required minLength={8} autoComplete="new-password" value={passwords.newPassword} onChange={(event) => setPasswords({ ...passwords, newPassword: event.target.value })} />
      </label>
      <button type="submit">Change password</button>
      <ErrorNote error={result.error} />
    </form>
  );
}

/** Tags the address list with SavedAddress even while it is empty, so saving the first one refetches it. */
const ADDRESS_LIST_CONTEXT = { additionalTypenames: ["SavedAddress"] };

function AddressBook() {
  const [{ data, fetching, error }] = useQuery({ query: SavedAddressesDocument, context: ADDRESS_LIST_CONTEXT });
  const [address, setAddress] = useState<AddressInput>(EMPTY_ADDRESS);
  const [label, setLabel] = useState("");
  const [saved, saveAddress] = useMutation(SaveAddressDocument);
  const [deleted, deleteAddress] = useMutation(DeleteAddressDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveAddress({ input: cleanAddress(address), label: label || null });
  };
  return (
    <section aria-labelledby="addresses">
      <h2 id="addresses">Addresses</h2>
      {fetching && !data && <Loading what="addresses" />}
      <ErrorNote error={error ?? deleted.error} />
      <ul>
        {data?.me?.addresses.map((entry) => (
          <li key={entry.id}>
            {entry.label && <strong>{entry.label}: </strong>}
            {entry.address.line1}, {entry.address.city} {entry.address.postalCode}, {entry.address.country}{" "}
            <button type="button" onClick={() => void deleteAddress({ id: entry.id }, { additionalTypenames: ["SavedAddress"] })}>
              Delete address {entry.label ?? entry.address.line1}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <label>
          Label (optional)
          <input value={label} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <AddressFields value={address} onChange={setAddress} />
        <button type="submit">Save address</button>
        <ErrorNote error={saved.error} />
      </form>
    </section>
  );
}

export function AccountPage() {
  const session = useSession();
  if (!session) return <p>Please <Link to="/sign-in">sign in</Link>.</p>;
  return (
    <>
      <h1>Your account</h1>
      <p>{session.user.email}</p>
      <ProfileForm name={session.user.name} />
      <PasswordForm />
      <AddressBook />
    </>
  );
}
