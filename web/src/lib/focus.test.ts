import { describe, expect, it } from "vitest";
import { pageKey, resetHeadingFocus, takeHeadingFocus } from "./focus";

describe("focus on navigation", () => {
  it("treats filters as the same page and new search words as another", () => {
    expect(pageKey("/categories/coffee", "?facet=roast%3Adark")).toBe("/categories/coffee");
    expect(pageKey("/search", "?q=vanilla&sort=name")).toBe("/search?q=vanilla");
  });

  it("gives the focus once per page, never on the first load", () => {
    resetHeadingFocus("/");
    expect(takeHeadingFocus("/")).toBe(false);
    expect(takeHeadingFocus("/categories/book")).toBe(true);
    expect(takeHeadingFocus("/categories/book")).toBe(false); // the heading re-rendering
    expect(takeHeadingFocus("/")).toBe(true);
  });
});
