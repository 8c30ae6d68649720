import { Link, useLocation, useNavigate } from "react-router";
import { problemFrom } from "../../api/problem";
import { ProblemMessage } from "../../components/ProblemMessage";
import { loginHref } from "../../lib/signIn";
import { useSession, useSignOut } from "./session";

/** The header's account corner: sign in / join, or the shopper's name and sign out. */
export function AccountMenu() {
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  const navigate = useNavigate();
  const here = `${location.pathname}${location.search}`;
  if (session.status === "loading") return <span className="account account--loading" aria-hidden="true" />;
  if (!session.signedIn) {
    return (
      <div className="account">
        <a className="account__link" href={loginHref(here)}>
          Sign in
        </a>
        <Link className="button button--small" to="/sign-up">
          Join
        </Link>
      </div>
    );
  }
  return (
    <div className="account">
      <Link className="account__link" to="/account">
        <span className="visually-hidden">Your account: </span>
        {session.customer?.display_name ?? "Account"}
      </Link>
      <button type="button" className="link-button account__signout" onClick={() => signOut.mutate({}, { onSuccess: () => navigate("/") })}>
        Sign out
      </button>
      {signOut.error ? <ProblemMessage problem={problemFrom(signOut.error)} compact /> : null}
    </div>
  );
}

