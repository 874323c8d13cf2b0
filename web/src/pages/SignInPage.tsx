import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { LogInDocument } from "../../../operations/generated/graphql";
import { ErrorNote } from "../components/Status";
import { Link, navigate } from "../router";
import { useSignIn } from "../use-sign-in";

export function SignInPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [result, logIn] = useMutation(LogInDocument);
  const signIn = useSignIn();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await logIn({ email, password });
    if (!answer.data?.logIn) return;
    await signIn(answer.data.logIn);
    navigate("/cart");
  };
  return (
    <>
      <h1>Sign in</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <button type="submit" disabled={result.fetching}>
          Sign in
        </button>
        <ErrorNote error={result.error} />
      </form>
      <p>
        New here? <Link to="/sign-up">Create an account</Link>.
      </p>
    </>
  );
}
