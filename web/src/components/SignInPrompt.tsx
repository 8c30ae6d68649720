import { Link, useLocation } from "react-router";
import { loginHref } from "../lib/signIn";

export function SignInPrompt({ reason }: { reason: string }) {
  const location = useLocation();
  return (
    <div className="panel">
      <p>{reason}</p>
      <p className="actions">
        <a className="button" href={loginHref(`${location.pathname}${location.search}`)}>
          Sign in
        </a>
        <Link className="button button--secondary" to="/sign-up">
          Create an account
        </Link>
      </p>
    </div>
  );
}
