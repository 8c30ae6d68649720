import { describe, expect, it } from "vitest";
import { csvHref, lastDays, niceMax, parsePrice, salesTotals } from "./adminLogic";

describe("staff helpers", () => {
  it("reads prices as typed", () => {
    expect(parsePrice("12.5")).toBe(1250);
    expect(parsePrice("€12,99")).toBe(1299);
    expect(parsePrice("0")).toBeNull();
    expect(parsePrice("12.999")).toBeNull();
    expect(parsePrice("abc")).toBeNull();
  });
  it("covers the last N days, today included", () => {
    expect(lastDays(30, new Date(Date.UTC(2026, 2, 10, 15)))).toEqual({ from: "2026-02-09", to: "2026-03-10" });
  });
  it("links CSV downloads with the same filters", () => {
    expect(csvHref("sales", { from: "2026-01-01", to: undefined, granularity: "week" })).toBe(
      "/api/admin/reports/sales?format=csv&from=2026-01-01&granularity=week",
    );
  });
  it("sums sales and rounds the chart axis", () => {
    expect(
      salesTotals([
        { revenue_minor: 1000, orders: 1, units: 2 },
        { revenue_minor: 2001, orders: 2, units: 2 },
      ]),
    ).toEqual({ revenue: 3001, orders: 3, units: 4, average: 1000 });
    expect(salesTotals([]).average).toBe(0);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(734)).toBe(800);
    expect(niceMax(12_345)).toBe(15_000);
  });
});
