import { describe, expect, it } from "vitest";
import { compactPrice, formatPrice, formatPriceRange, humanize, plural } from "./format";
import { attributeRows, stockLabel, subtitle } from "./product";

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

describe("product text", () => {
  it("writes a subtitle per category", () => {
    expect(subtitle("book", { authors: ["Ernest Hemingway"], year: 1929 })).toBe("Ernest Hemingway · 1929");
    expect(subtitle("coffee", { origin: "Ethiopia", roast: "light" })).toBe("Ethiopia · light roast");
    expect(subtitle("perfume", { brand: "Zoologist", concentration: "Extrait de Parfum" })).toBe("Zoologist · Extrait de Parfum");
  });

  it("lists attributes readably, perfume notes by tier", () => {
    const rows = attributeRows({ altitude_m: 1800, acidity: 3, notes: { top: ["bergamot"], base: ["musk", "amber"] }, isbn: "x" });
    expect(rows).toEqual([
      { label: "Altitude", value: "1,800 m" },
      { label: "Acidity", value: "pronounced" },
      { label: "Top notes", value: "bergamot" },
      { label: "Base notes", value: "musk, amber" },
    ]);
  });

  it("labels stock", () => {
    expect(stockLabel(false)).toBe("Out of stock");
    expect(stockLabel(true, 3)).toBe("Only 3 left");
    expect(stockLabel(true, null)).toBe("In stock");
  });
});
