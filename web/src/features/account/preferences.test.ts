import { describe, expect, it } from "vitest";
import { changes, isLocked, toggle, validPhone, type Preferences } from "./preferences";

const saved: Preferences = {
  email: { transactional: true, marketing: false },
  sms: { transactional: false, marketing: false },
  push: { transactional: true, marketing: false },
  phone: null,
};

describe("notification preferences", () => {
  it("keeps transactional e-mail on", () => {
    expect(isLocked("email", "transactional")).toBe(true);
    expect(toggle(saved, "email", "transactional", false)).toBe(saved);
  });

  it("sends only what changed", () => {
    expect(changes(saved, saved)).toBeNull();
    let edited = toggle(saved, "email", "marketing", true);
    edited = toggle(edited, "push", "transactional", false);
    edited = toggle(edited, "push", "marketing", true);
    expect(changes(saved, edited)).toEqual({ email: { marketing: true }, push: { transactional: false, marketing: true } });
    expect(saved.email.marketing).toBe(false);
  });

  it("handles the phone number", () => {
    expect(changes(saved, saved, "")).toBeNull();
    expect(changes(saved, saved, "+33 6 12 34 56 78")).toEqual({ phone: "+33612345678" });
    expect(changes({ ...saved, phone: "+33612345678" }, saved, "")).toEqual({ phone: "" });
    expect(validPhone("+33 6 12 34 56 78")).toBe(true);
    expect(validPhone("")).toBe(true);
    expect(validPhone("0612")).toBe(false);
  });
});
