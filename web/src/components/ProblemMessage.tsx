import type { Problem } from "../api/problem";

interface Props {
  problem: Problem;
  onRetry?: () => void;
  /** Heading level inside the message; the page keeps its own h1. */
  compact?: boolean;
}

/** The problem's sign-in link, coming back to this page (the BFF only knows the page
 * when the request said so; otherwise its link returns to the home page). */
export function signInAgainUrl(loginUrl: string, here: string): string {
  const url = new URL(loginUrl, "http://shop.invalid");
  const back = url.searchParams.get("return_to");
  if (!back || back === "/") url.searchParams.set("return_to", here);
  return url.pathname + url.search;
}

/** A problem from the BFF, in words: its title, its detail, any field errors, and a way
 * to sign in again when that is what it needs (`step-up-required`, `session-expired`). */
export function ProblemMessage({ problem, onRetry, compact }: Props) {
  const retryable = onRetry && (!problem.status || problem.status >= 500 || problem.status === 429);
  return (
    <div className={compact ? "problem problem--compact" : "problem"} role="alert">
      <p className="problem__title">{problem.title}</p>
      {problem.detail ? <p className="problem__detail">{problem.detail}</p> : null}
      {problem.errors?.length ? (
        <ul className="problem__errors">
          {problem.errors.map((e, i) => (
            <li key={i}>
              {e.loc && e.loc.length ? <span className="problem__field">{String(e.loc[e.loc.length - 1])}: </span> : null}
              {e.msg}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.login_url ? (
        <a
          className="button"
          href={signInAgainUrl(problem.login_url, window.location.pathname + window.location.search)}
        >
          Sign in again
        </a>
      ) : null}
      {retryable ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
