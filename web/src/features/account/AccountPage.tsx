import { Link, useNavigate } from "react-router";
import { problemFrom } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { useSession, useSignOut } from "./session";

export default function AccountPage() {
  const session = useSession();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const problem = signOut.error ? problemFrom(signOut.error) : null;
  const customer = session.customer;

  return (
    <div className="page page--narrow">
      <PageHeading title="Your account" eyebrow="Account">
        {customer ? `Hello, ${customer.display_name}` : "Your account"}
      </PageHeading>
      {session.status === "loading" ? <Loading /> : null}
      {session.status === "error" && session.problem ? <ProblemMessage problem={session.problem} onRetry={session.refresh} /> : null}
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to see your account." /> : null}
      {customer ? (
        <>
          <section className="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <dl className="details">
              <div className="details__row">
                <dt>Name</dt>
                <dd>{customer.display_name}</dd>
              </div>
              <div className="details__row">
                <dt>E-mail</dt>
                <dd>{customer.email}</dd>
              </div>
              <div className="details__row">
                <dt>Two-step sign-in</dt>
                <dd>{customer.mfa_enabled ? "On (authenticator app)" : "Off"}</dd>
              </div>
            </dl>
          </section>
          <ul className="link-list">
            <li>
              <Link to="/taste">Your taste profile and questionnaires</Link>
            </li>
            <li>
              <Link to="/account/notifications">Notifications: e-mail, text messages and push</Link>
            </li>
            <li>
              <Link to="/account/security">{customer.mfa_enabled ? "Two-step sign-in" : "Turn on two-step sign-in"}</Link>
            </li>
          </ul>
          {problem ? <ProblemMessage problem={problem} compact /> : null}
          <button type="button" className="button button--secondary" onClick={() => signOut.mutate({}, { onSuccess: () => navigate("/") })}>
            Sign out
          </button>
        </>
      ) : null}
    </div>
  );
}
