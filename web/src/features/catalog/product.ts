// How a product's attributes read on cards and on its page. Attributes differ per
// category (authors for books, notes for perfume, origin for coffee…).
import { humanize } from "../../lib/format";

type Attributes = Record<string, unknown>;

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" || typeof v === "number").map(String);
  if (typeof value === "string" && value) return [value];
  return [];
}

function str(value: unknown): string | null {
  return typeof value === "string" && value ? value : typeof value === "number" ? String(value) : null;
}

/** The line under a product's name: author, house, origin or style. */
export function subtitle(category: string, attributes: Attributes): string {
  switch (category) {
    case "book": {
      const authors = list(attributes.authors);
      const year = str(attributes.year);
      return [authors.slice(0, 2).join(", "), year].filter(Boolean).join(" · ");
    }
    case "perfume":
      return [str(attributes.brand), str(attributes.concentration)].filter(Boolean).join(" · ");
    case "coffee": {
      const roast = str(attributes.roast);
      return [str(attributes.origin), roast ? `${roast} roast` : null].filter(Boolean).join(" · ");
    }
    case "beverage":
      return [str(attributes.style) ?? str(attributes.kind), str(attributes.producer)].filter(Boolean).join(" · ");
    default:
      return "";
  }
}

export interface AttributeRow {
  label: string;
  value: string;
}

const HIDDEN = new Set(["goodreads_book_id", "isbn"]);
const LABELS: Record<string, string> = {
  authors: "Author",
  year: "First published",
  genres: "Genres",
  pages: "Pages",
  average_rating: "Average rating",
  ratings_count: "Ratings",
  altitude_m: "Altitude",
  flavor_notes: "Flavour notes",
  flavor_profile: "Flavour",
  cupping_score: "Cupping score",
  abv: "Alcohol",
  family: "Scent family",
  gender: "Worn by",
};
const LEVELS = ["very soft", "soft", "medium", "pronounced", "intense"];

function level(value: unknown): string | null {
  return typeof value === "number" && value >= 0 && value < LEVELS.length ? LEVELS[value] : null;
}

function value(key: string, raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  switch (key) {
    case "altitude_m":
      return typeof raw === "number" ? `${raw.toLocaleString("en-IE")} m` : null;
    case "abv":
      return typeof raw === "number" ? `${raw}% ABV` : null;
    case "average_rating":
      return typeof raw === "number" ? `${raw.toFixed(2)} / 5` : null;
    case "ratings_count":
      return typeof raw === "number" ? raw.toLocaleString("en-IE") : null;
    case "acidity":
    case "body":
    case "sweetness":
    case "bitterness":
      return level(raw);
  }
  if (Array.isArray(raw)) return list(raw).map((v) => v.replace(/-/g, " ")).join(", ") || null;
  if (typeof raw === "object") return null; // nested (perfume notes): see noteRows
  if (typeof raw === "boolean") return raw ? "Yes" : "No";
  return String(raw);
}

/** Rows for the product page's details list. */
export function attributeRows(attributes: Attributes): AttributeRow[] {
  const rows: AttributeRow[] = [];
  for (const [key, raw] of Object.entries(attributes)) {
    if (HIDDEN.has(key)) continue;
    if (key === "notes" && raw && typeof raw === "object" && !Array.isArray(raw)) {
      for (const [tier, notes] of Object.entries(raw as Attributes)) {
        const text = list(notes).join(", ");
        if (text) rows.push({ label: `${humanize(tier)} notes`, value: text });
      }
      continue;
    }
    const text = value(key, raw);
    if (text) rows.push({ label: LABELS[key] ?? humanize(key), value: text });
  }
  return rows;
}

/** "Only 3 left", "Out of stock" or "In stock". */
export function stockLabel(inStock: boolean, fewLeft?: number | null): string {
  if (!inStock) return "Out of stock";
  if (fewLeft) return `Only ${fewLeft} left`;
  return "In stock";
}
