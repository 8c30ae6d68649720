import { describe, expect, it } from "vitest";
import { TEST_CARDS, cardDigits, formatCardNumber, formatExpiry, luhnValid, parseExpiry, validateCard } from "./card";

describe("card numbers", () => {
  it("groups digits by four and drops anything else", () => {
    expect(formatCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("4000-0025 0000x3155")).toBe("4000 0025 0000 3155");
    expect(formatCardNumber("42424")).toBe("4242 4");
    expect(cardDigits("4242 4242")).toBe("42424242");
  });

  it("checks the Luhn digit, and every test card passes", () => {
    for (const card of TEST_CARDS) expect(luhnValid(cardDigits(card.number))).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("1234")).toBe(false);
  });
});

describe("expiry", () => {
  it("reads MM / YY and MM/YYYY", () => {
    expect(parseExpiry("12 / 34")).toEqual({ month: 12, year: 2034 });
    expect(parseExpiry("1/2031")).toEqual({ month: 1, year: 2031 });
    expect(parseExpiry("1234")).toEqual({ month: 12, year: 2034 });
    expect(parseExpiry("13/30")).toBeNull();
    expect(parseExpiry("soon")).toBeNull();
  });

  it("formats as it is typed", () => {
    expect(formatExpiry("1")).toBe("1");
    expect(formatExpiry("12")).toBe("12 / ");
    expect(formatExpiry("123")).toBe("12 / 3");
    expect(formatExpiry("12", "12 / ")).toBe("12");
  });
});

describe("validateCard", () => {
  const now = new Date(Date.UTC(2026, 5, 15));
  it("accepts a test card with a future expiry", () => {
    expect(validateCard({ number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" }, now)).toEqual({});
  });
  it("says what is wrong with each field", () => {
    expect(validateCard({ number: "", expiry: "", cvc: "" }, now)).toEqual({
      number: "Enter the card number.",
      expiry: "Enter the expiry date.",
      cvc: "Enter the 3 or 4 digits on the back.",
    });
    const errors = validateCard({ number: "4242 4242 4242 4241", expiry: "05 / 26", cvc: "12" }, now);
    expect(errors.number).toMatch(/isn’t valid/);
    expect(errors.expiry).toBe("This card has expired.");
    expect(validateCard({ number: "4242424242424242", expiry: "06/26", cvc: "123" }, now)).toEqual({});
  });
});
