/** RFC 9457 problem details, as every BookBrew service answers errors. */
export interface Problem {
  type?: string;
  title: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: { loc?: (string | number)[]; msg: string; type?: string }[];
  /** Sign in (again) here: on `not-signed-in`, `session-expired`, `step-up-required`. */
  login_url?: string;
}

/** Thrown by `unwrap` so pages can render the problem's title and detail. */
export class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiProblem";
    this.problem = problem;
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

/** A problem from whatever an error response carried (JSON problem, other JSON, text). */
export function toProblem(body: unknown, response?: Pick<Response, "status" | "statusText">): Problem {
  const status = response?.status;
  if (isRecord(body) && typeof body.title === "string") {
    const problem: Problem = { title: body.title, status: typeof body.status === "number" ? body.status : status };
    if (typeof body.type === "string") problem.type = body.type;
    if (typeof body.detail === "string") problem.detail = body.detail;
    if (typeof body.instance === "string") problem.instance = body.instance;
    if (typeof body.login_url === "string" && body.login_url.startsWith("/auth/login")) problem.login_url = body.login_url;
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

/** The problem for an exception thrown while calling the BFF. */
export function problemFrom(error: unknown): Problem {
  if (error instanceof ApiProblem) return error.problem;
  if (error instanceof DOMException && error.name === "AbortError") {
    return { title: "Cancelled" };
  }
  if (error instanceof TypeError) {
    return { title: "Can't reach the shop", detail: "Check your connection and try again." };
  }
  return { title: "Something went wrong", detail: error instanceof Error ? error.message : undefined };
}

/** openapi-fetch's `{ data, error, response }` → the data, or throw the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiProblem(toProblem(result.error, result.response));
  }
  return result.data as T;
}
