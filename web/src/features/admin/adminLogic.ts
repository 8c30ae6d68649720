/** Pure helpers of the staff pages (tested). */

/** "12.5", "12,50", "€12.50" → 1250 minor units; null when not a positive price. */
export function parsePrice(text: string): number | null {
  const cleaned = text.replace(/[€$£\s]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const amount = Math.round(Number(cleaned) * 100);
  return amount > 0 ? amount : null;
}

/** An ISO day (UTC) `days` before `from`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

/** The CSV download link of a report (same filters). */
export function csvHref(name: string, filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ format: "csv" });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return `/api/admin/reports/${name}?${params.toString()}`;
}

/** Sums of a sales report's rows, for the headline figures. */
export function salesTotals(rows: { revenue_minor: number; orders: number; units: number }[]): {
  revenue: number;
  orders: number;
  units: number;
  average: number;
} {
  const revenue = rows.reduce((n, r) => n + r.revenue_minor, 0);
  const orders = rows.reduce((n, r) => n + r.orders, 0);
  const units = rows.reduce((n, r) => n + r.units, 0);
  return { revenue, orders, units, average: orders ? Math.round(revenue / orders) : 0 };
}

/** Nice round upper bound for a chart axis: 0 → 1, 734 → 800, 12_345 → 15_000. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
