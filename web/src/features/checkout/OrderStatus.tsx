import type { Order } from "./checkout";
import { STATUS_LABELS } from "./checkout";

export function OrderStatusBadge({ status }: { status: Order["status"] }) {
  return <span className={`status status--${status}`}>{STATUS_LABELS[status]}</span>;
}

export function shortId(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

export function orderDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-IE", { day: "numeric", month: "short", year: "numeric" });
}
