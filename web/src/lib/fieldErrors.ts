import type { Problem } from "../api/problem";

/** A 422 problem's `errors`, keyed by the field they are about (the last `loc` part). */
export function fieldErrors(problem: Problem | null, fields: string[]): { byField: Record<string, string>; rest: Problem | null } {
  if (!problem?.errors?.length) return { byField: {}, rest: problem };
  const byField: Record<string, string> = {};
  const other = [];
  for (const error of problem.errors) {
    const field = error.loc?.[error.loc.length - 1];
    if (typeof field === "string" && fields.includes(field) && !byField[field]) byField[field] = friendly(error.msg);
    else other.push(error);
  }
  const rest = other.length ? { ...problem, errors: other } : Object.keys(byField).length ? null : problem;
  return { byField, rest };
}

function friendly(msg: string): string {
  const text = msg.replace(/^Value error, /, "");
  const min = /at least (\d+) characters/.exec(text);
  if (min) return `Use at least ${min[1]} characters.`;
  if (/should match pattern/.test(text)) return "This doesn’t look right; please check it.";
  return text.charAt(0).toUpperCase() + text.slice(1);
}
