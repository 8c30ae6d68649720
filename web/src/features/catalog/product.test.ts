import { describe, expect, it } from "vitest";
import { attributeRows, stockLabel, subtitle } from "./product";

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
