import type { Category } from "../api/client";

export interface CategoryInfo {
  key: Category;
  label: string;
  singular: string;
  strap: string;
  blurb: string;
}

export const CATEGORIES: CategoryInfo[] = [
  {
    key: "book",
    label: "Books",
    singular: "Book",
    strap: "Stories worth staying up for",
    blurb: "Classics, page-turners and quiet gems, chosen from what readers actually loved.",
  },
  {
    key: "perfume",
    label: "Perfumes",
    singular: "Perfume",
    strap: "Scents with a point of view",
    blurb: "Independent houses and modern classics, from bright citrus to deep amber.",
  },
  {
    key: "coffee",
    label: "Coffee",
    singular: "Coffee",
    strap: "Beans with a sense of place",
    blurb: "Single origins graded by cuppers, roasted light to dark, sold in 250 g bags.",
  },
  {
    key: "beverage",
    label: "Beverages",
    singular: "Beverage",
    strap: "Something good to pour",
    blurb: "Teas, craft beers, wines and ferments for every hour of the day.",
  },
];

export const CATEGORY_KEYS = CATEGORIES.map((c) => c.key);

export function categoryInfo(key: string | undefined): CategoryInfo | undefined {
  return CATEGORIES.find((c) => c.key === key);
}
