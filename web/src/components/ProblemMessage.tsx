import type { Problem } from "../api/problem";

interface Props {
  problem: Problem;
  onRetry?: () => void;
  /** Heading level inside the message; the page keeps its own h1. */
  compact?: boolean;
}

/** A problem from the BFF, in words: its title, its detail, and any field errors. */
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
      {retryable ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
