/** RFC 9457 problem details, as BFF Mobile answers errors (`kind` where it sends one). */
export interface Problem {
  type?: string;
  title: string;
  status?: number;
  detail?: string;
  kind?: string;
  errors?: { loc?: (string | number)[]; msg: string }[];
}

/** Thrown for every answer that is not 2xx, so queries, mutations and callers all see
 * the same error with its status. */
export class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiProblem";
    this.problem = problem;
  }
  get status(): number | undefined {
    return this.problem.status;
  }
}

const FALLBACK_TITLES: Record<number, string> = {
  400: "That request didn't work",
  401: "Please sign in",
  403: "You can't do that",
  404: "Not found",
  409: "That changed in the meantime",
  422: "Please check what you entered",
  429: "Too many requests",
  503: "The shop is busy",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A problem from whatever an error answer carried (a JSON problem, other JSON, text). */
export function toProblem(body: unknown, response?: Pick<Response, "status" | "statusText">): Problem {
  const status = response?.status;
  if (isRecord(body) && typeof body.title === "string") {
    const problem: Problem = { title: body.title, status: typeof body.status === "number" ? body.status : status };
    if (typeof body.type === "string") problem.type = body.type;
    if (typeof body.detail === "string") problem.detail = body.detail;
    if (typeof body.kind === "string") problem.kind = body.kind;
    if (Array.isArray(body.errors)) {
      problem.errors = body.errors
        .filter((e): e is Record<string, unknown> => isRecord(e) && typeof e.msg === "string")
        .map((e) => ({ msg: String(e.msg), loc: Array.isArray(e.loc) ? (e.loc as (string | number)[]) : undefined }));
    }
    return problem;
  }
  const title = (status && FALLBACK_TITLES[status]) || response?.statusText || "Something went wrong";
  const detail = typeof body === "string" && body.trim() ? body.trim().slice(0, 300) : undefined;
  return { title, status, ...(detail ? { detail } : {}) };
}

/** The problem for anything thrown while calling the BFF: a network failure reads as
 * "can't reach the shop" (offline), not as a crash. */
export function problemFrom(error: unknown): Problem {
  if (error instanceof ApiProblem) return error.problem;
  if (error instanceof Error && error.name === "AbortError") return { title: "Cancelled" };
  if (error instanceof TypeError) {
    return { title: "Can't reach the shop", detail: "Check your connection and try again.", kind: "offline" };
  }
  return { title: "Something went wrong", detail: error instanceof Error ? error.message : undefined };
}

/** Field errors by the field's name (the last part of `loc`), for forms. */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const name = error.loc?.[error.loc.length - 1];
    if (typeof name === "string" && !out[name]) out[name] = error.msg;
  }
  return out;
}
