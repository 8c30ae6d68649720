import type { Category } from "../api/client";

export interface CategoryInfo {
  key: Category;
  label: string;
  singular: string;
  strap: string;
  /** The home shelf's title. */
  shelf: string;
}

/** The shop's four shelves, worded as the web shop words them. */
export const CATEGORIES: CategoryInfo[] = [
  { key: "book", label: "Books", singular: "Book", strap: "Stories worth staying up for", shelf: "Best-selling books" },
  { key: "perfume", label: "Perfumes", singular: "Perfume", strap: "Scents with a point of view", shelf: "Best-selling perfumes" },
  { key: "coffee", label: "Coffee", singular: "Coffee", strap: "Beans with a sense of place", shelf: "Best-selling coffee" },
  { key: "beverage", label: "Beverages", singular: "Beverage", strap: "Something good to pour", shelf: "Best-selling beverages" },
];

export function categoryInfo(key: string | undefined): CategoryInfo | undefined {
  return CATEGORIES.find((c) => c.key === key);
}

export function isCategory(key: string | undefined): key is Category {
  return CATEGORIES.some((c) => c.key === key);
}
