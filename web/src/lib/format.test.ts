import { describe, expect, it } from "vitest";
import { compactPrice, formatPrice, formatPriceRange, humanize, plural } from "./format";

describe("price formatting", () => {
  it("formats minor units as the BFF displays them", () => {
    expect(formatPrice(1299)).toBe("€12.99");
    expect(formatPrice(899, "EUR")).toBe("€8.99");
    expect(formatPrice(0)).toBe("€0.00");
    expect(formatPrice(123456)).toBe("€1,234.56");
    expect(formatPrice(500, "GBP")).toBe("£5.00");
  });

  it("drops .00 in compact prices and range labels", () => {
    expect(compactPrice(1000)).toBe("€10");
    expect(compactPrice(1050)).toBe("€10.50");
    expect(formatPriceRange(0, 1000)).toBe("Under €10");
    expect(formatPriceRange(1000, 2500)).toBe("€10 – €25");
    expect(formatPriceRange(10000, null)).toBe("€100 and up");
  });

  it("words counts and names", () => {
    expect(plural(1, "product")).toBe("1 product");
    expect(plural(1200, "product")).toBe("1,200 products");
    expect(humanize("flavor_notes")).toBe("Flavor notes");
  });
});
