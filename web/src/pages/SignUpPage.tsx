import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { SignUpDocument } from "../../../operations/generated/graphql";
import { ErrorNote } from "../components/Status";
import { navigate } from "../router";
import { useSignIn } from "../use-sign-in";

export function SignUpPage() {
  const [input, setInput] = useState({ name: "", email: "", password: "" });
  const [result, signUp] = useMutation(SignUpDocument);
  const signIn = useSignIn();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await signUp({ input });
    if (!answer.data?.signUp) return;
    await signIn(answer.data.signUp);
    navigate("/cart");
  };
  return (
    <>
      <h1>Create an account</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Name
          <input autoComplete="name" required value={input.name} onChange={(event) => setInput({ ...input, name: event.target.value })} />
        </label>
        <label>
          Email
          <input type="email" autoComplete="email" required value={input.email} onChange={(event) => setInput({ ...input, email: event.target.value })} />
        </label>
        <label>
          Password (at least 8 characters)
          <input type="password" autoComplete="new-password" required minLength={8} value={input.password} onChange={(event) => setInput({ ...input, password: event.target.value })} />
        </label>
        <button type="submit" disabled={result.fetching}>
          Sign up
        </button>
        <ErrorNote error={result.error} />
      </form>
    </>
  );
}
