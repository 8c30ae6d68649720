import { describe, expect, it } from "vitest";
import { clampQuantity } from "./quantity";

describe("cart quantities", () => {
  it("keeps quantities within 1 … max", () => {
    expect(clampQuantity(0, 5)).toBe(1);
    expect(clampQuantity(9, 5)).toBe(5);
    expect(clampQuantity(3.7, 5)).toBe(3);
    expect(clampQuantity(Number.NaN, 5)).toBe(1);
    expect(clampQuantity(2, 0)).toBe(1);
  });
});
