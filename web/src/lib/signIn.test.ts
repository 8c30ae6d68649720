import { describe, expect, it } from "vitest";
import { loginHref } from "./signIn";

describe("sign-in link", () => {
  it("is a full-page visit to the BFF that comes back here", () => {
    expect(loginHref("/taste/general")).toBe("/auth/login?return_to=%2Ftaste%2Fgeneral");
    expect(loginHref("https://evil.example/")).toBe("/auth/login?return_to=%2F");
    expect(loginHref("/checkout", true)).toBe("/auth/login?return_to=%2Fcheckout&prompt=step_up");
  });
});
