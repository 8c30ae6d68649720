import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { fieldErrors } from "../../lib/fieldErrors";
import { loginHref } from "../../lib/signIn";
import { useRegister } from "./queries";
import { useSession } from "./session";

const MIN_PASSWORD = 10;

export default function SignUpPage() {
  const session = useSession();
  const register = useRegister();
  const id = useId();
  const [values, setValues] = useState({ display_name: "", email: "", password: "", marketing_consent: false });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const { byField, rest } = fieldErrors(problem, ["display_name", "email", "password"]);
  const errors = { ...byField, ...local };

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!values.display_name.trim()) found.display_name = "Tell us what to call you.";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email.trim())) found.email = "Enter an e-mail address like name@example.com.";
    if (values.password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters.`;
    return found;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = check();
    setLocal(found);
    setProblem(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await register.mutateAsync({
        body: {
          display_name: values.display_name.trim(),
          email: values.email.trim(),
          password: values.password,
          marketing_consent: values.marketing_consent,
          locale: "en",
        },
      });
      setSentTo(values.email.trim());
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <div className="page page--narrow">
        <PageHeading title="Check your inbox">Check your inbox</PageHeading>
        <div className="panel panel--success" role="status">
          <p>
            We’ve sent a link to <strong>{sentTo}</strong>. Open it to confirm your address, then sign in.
          </p>
          <p className="muted">No e-mail after a few minutes? Check your spam folder, or sign up again with the right address.</p>
        </div>
      </div>
    );
  }

  const field = (name: "display_name" | "email" | "password", label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => {
    const error = errors[name];
    const hintId = hint ? `${id}-${name}-hint` : undefined;
    const errorId = error ? `${id}-${name}-error` : undefined;
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {hint ? (
          <p id={hintId} className="field__hint">
            {hint}
          </p>
        ) : null}
        <input
          id={`${id}-${name}`}
          name={name}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
          {...props}
        />
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <div className="page page--narrow">
      <header className="page-intro">
        <PageHeading title="Create your account" eyebrow="Join BookBrew">
          Create your account
        </PageHeading>
        <p className="page-intro__lede">Save your taste, get picks chosen for you, and check out faster.</p>
      </header>
      {session.signedIn ? (
        <div className="notice">
          <p>You’re already signed in as {session.customer?.display_name}.</p>
        </div>
      ) : null}
      <form className="form panel" onSubmit={submit} noValidate>
        {field("display_name", "What should we call you?", { autoComplete: "nickname", maxLength: 120, required: true })}
        {field("email", "E-mail", { type: "email", autoComplete: "email", maxLength: 254, required: true })}
        {field(
          "password",
          "Password",
          { type: "password", autoComplete: "new-password", maxLength: 128, required: true },
          `At least ${MIN_PASSWORD} characters. A short sentence works well.`,
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={values.marketing_consent}
            onChange={(e) => setValues((v) => ({ ...v, marketing_consent: e.target.checked }))}
          />
          <span className="check__label">Send me a weekly e-mail of new picks (optional)</span>
        </label>
        {rest ? <ProblemMessage problem={rest} compact /> : null}
        <button type="submit" className="button button--wide" disabled={busy} aria-busy={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
        <p className="muted">
          Already have an account? <a href={loginHref("/")}>Sign in</a>. By joining you agree to our friendly{" "}
          <Link to="/">terms</Link>.
        </p>
      </form>
    </div>
  );
}
