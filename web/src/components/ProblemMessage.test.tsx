import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ProblemMessage, signInAgainUrl } from "./ProblemMessage";

describe("ProblemMessage", () => {
  it("offers to sign in again when the problem says so, coming back to this page", () => {
    window.history.pushState({}, "", "/account/security");
    render(
      <ProblemMessage
        problem={{
          status: 403,
          type: "https://bookbrew.dev/problems/step-up-required",
          title: "Step-up authentication required",
          detail: "Sign in again to continue.",
          login_url: "/auth/login?return_to=%2F&prompt=step_up",
        }}
      />,
    );
    const link = screen.getByRole("link", { name: "Sign in again" });
    expect(link.getAttribute("href")).toBe("/auth/login?return_to=%2Faccount%2Fsecurity&prompt=step_up");
  });

  it("keeps a return address the shop already gave", () => {
    expect(signInAgainUrl("/auth/login?return_to=%2Forders%2F7", "/account")).toBe("/auth/login?return_to=%2Forders%2F7");
  });

  it("shows no sign-in link for other problems", () => {
    render(<ProblemMessage problem={{ status: 422, type: "about:blank", title: "Check the form" }} />);
    expect(screen.queryByRole("link")).toBeNull();
  });
});
