const formatters = new Map<string, Intl.NumberFormat>();

/** A price in minor units, e.g. 1299 EUR → "€12.99" (en-IE by default, as the BFF shows). */
export function formatPrice(amount: number, currency = "EUR", locale = "en-IE"): string {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter.format(amount / 100);
}

/** A price range's label: "Under €10", "€10 – €25", "€100 and up". */
export function formatPriceRange(min: number, max: number | null | undefined, currency = "EUR"): string {
  if (max === null || max === undefined) return `${compactPrice(min, currency)} and up`;
  if (min <= 0) return `Under ${compactPrice(max, currency)}`;
  return `${compactPrice(min, currency)} – ${compactPrice(max, currency)}`;
}

/** Prices on round amounts drop ".00" in range labels. */
export function compactPrice(amount: number, currency = "EUR"): string {
  const text = formatPrice(amount, currency);
  return amount % 100 === 0 ? text.replace(/[.,]00(?!\d)/, "") : text;
}

/** "flavor_notes" → "Flavor notes"; "price_asc" etc. handled by callers. */
export function humanize(name: string): string {
  const text = name.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-IE")} ${count === 1 ? one : many}`;
}
