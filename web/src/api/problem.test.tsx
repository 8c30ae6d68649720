import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ProblemMessage } from "../components/ProblemMessage";
import { ApiProblem, problemFrom, toProblem, unwrap } from "./problem";

describe("problems from responses", () => {
  it("keeps an RFC 9457 body's title, detail, field errors and login_url", () => {
    const problem = toProblem(
      {
        type: "https://bookbrew.dev/problems/validation-error",
        title: "Your request is not valid",
        status: 422,
        detail: "One or more fields are missing or malformed; see `errors`.",
        errors: [{ loc: ["body", "password"], msg: "String should have at least 10 characters", type: "string_too_short" }],
        login_url: "/auth/login?return_to=%2F",
      },
      { status: 422, statusText: "Unprocessable Content" },
    );
    expect(problem.title).toBe("Your request is not valid");
    expect(problem.errors?.[0]).toEqual({ loc: ["body", "password"], msg: "String should have at least 10 characters" });
    expect(problem.login_url).toBe("/auth/login?return_to=%2F");
  });

  it("falls back to a title per status for non-problem bodies", () => {
    expect(toProblem("Bad Gateway", { status: 503, statusText: "" })).toEqual({
      title: "The shop is busy",
      status: 503,
      detail: "Bad Gateway",
    });
  });

  it("turns network failures into a readable problem", () => {
    expect(problemFrom(new TypeError("Failed to fetch")).title).toBe("Can't reach the shop");
  });

  it("unwraps data, or throws the problem", () => {
    expect(unwrap({ data: { ok: 1 }, response: new Response(null, { status: 200 }) })).toEqual({ ok: 1 });
    expect(() =>
      unwrap({ error: { title: "Not Found", status: 404, detail: "No product with SKU X." }, response: new Response(null, { status: 404 }) }),
    ).toThrow(ApiProblem);
  });
});

describe("ProblemMessage", () => {
  it("shows the problem's title and detail as an alert", () => {
    render(<ProblemMessage problem={{ title: "Not Found", status: 404, detail: "No product with SKU XX-9999." }} onRetry={() => {}} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Not Found");
    expect(alert).toHaveTextContent("No product with SKU XX-9999.");
    // Retrying cannot help a 404.
    expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });

  it("lists field errors and offers a retry when the shop is unavailable", async () => {
    const retry = vi.fn();
    render(
      <ProblemMessage
        problem={{ title: "Service unavailable", status: 503, errors: [{ loc: ["query", "price_min"], msg: "must be a number" }] }}
        onRetry={retry}
      />,
    );
    expect(screen.getByText("must be a number")).toBeInTheDocument();
    expect(screen.getByText(/price_min/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });
});
