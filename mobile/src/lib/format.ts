const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units → "€12.99" (en-IE, as the BFF formats its own prices). */
export function formatPrice(amount: number, currency = "EUR", locale = "en-IE"): string {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter.format(amount / 100);
}

/** A price band's label: "Under €10", "€10 – €25", "€100 and up". */
export function formatPriceRange(min: number, max: number | null | undefined, currency = "EUR"): string {
  const compact = (amount: number) => {
    const text = formatPrice(amount, currency);
    return amount % 100 === 0 ? text.replace(/[.,]00(?!\d)/, "") : text;
  };
  if (max === null || max === undefined) return `${compact(min)} and up`;
  if (min <= 0) return `Under ${compact(max)}`;
  return `${compact(min)} – ${compact(max)}`;
}

/** "flavor_notes" → "Flavor notes". */
export function humanize(name: string): string {
  const text = name.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-IE")} ${count === 1 ? one : many}`;
}

/** "2026-03-04T10:00:00Z" → "4 Mar 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-IE", { day: "numeric", month: "short", year: "numeric" });
}

/** A money value as BFF Mobile sends it: `{display}`, `{amount, currency}` or minor
 * units alone; "" for none. */
export function money(value: unknown, currency = "EUR"): string {
  if (typeof value === "number") return formatPrice(value, currency);
  if (value && typeof value === "object") {
    const v = value as { display?: unknown; amount?: unknown; currency?: unknown };
    if (typeof v.display === "string") return v.display;
    if (typeof v.amount === "number") return formatPrice(v.amount, typeof v.currency === "string" ? v.currency : currency);
  }
  return "";
}
