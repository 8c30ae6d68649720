import { randomUUID } from "expo-crypto";
import type { Order, OrderStatus, ShippingAddress } from "../../api/client";

export type AddressErrors = Partial<Record<keyof ShippingAddress, string>>;

export const EMPTY_ADDRESS: ShippingAddress = { recipient: "", line1: "", line2: "", postal_code: "", city: "", country: "DE" };

export const COUNTRIES: [string, string][] = [
  ["AT", "Austria"],
  ["BE", "Belgium"],
  ["DE", "Germany"],
  ["ES", "Spain"],
  ["FR", "France"],
  ["IE", "Ireland"],
  ["IT", "Italy"],
  ["NL", "Netherlands"],
  ["PT", "Portugal"],
];

/** The limits the BFF and orders apply, checked before sending (as the web shop does). */
export function validateAddress(address: ShippingAddress): AddressErrors {
  const errors: AddressErrors = {};
  const postal = address.postal_code.trim();
  if (!address.recipient.trim()) errors.recipient = "Who should we deliver to?";
  else if (address.recipient.trim().length > 120) errors.recipient = "Shorten the name a little.";
  if (!address.line1.trim()) errors.line1 = "Enter the street and number.";
  if (postal.length < 2) errors.postal_code = "Enter the postcode.";
  else if (!/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(postal)) errors.postal_code = "Use letters, digits, spaces and hyphens.";
  if (!address.city.trim()) errors.city = "Enter the town or city.";
  if (!/^[A-Z]{2}$/.test(address.country ?? "")) errors.country = "Choose a country.";
  return errors;
}

export function countryName(code: string): string {
  return COUNTRIES.find(([c]) => c === code)?.[1] ?? code;
}

/** What the checkout screen does with the order it got back. */
export type Outcome =
  | { kind: "confirmed"; orderId: string }
  | { kind: "step-up"; orderId: string }
  | { kind: "failed"; orderId: string; reason: string }
  | { kind: "pending"; orderId: string };

export function checkoutOutcome(order: Pick<Order, "id" | "status"> & { reason?: string | null; next_action?: unknown }): Outcome {
  const action = order.next_action as { type?: string } | null | undefined;
  if (order.status === "awaiting_confirmation" || action?.type === "step_up") return { kind: "step-up", orderId: order.id };
  switch (order.status) {
    case "failed":
    case "cancelled":
      return { kind: "failed", orderId: order.id, reason: order.reason ?? "The payment didn’t go through; nothing was charged." };
    case "pending":
      return { kind: "pending", orderId: order.id };
    default:
      return { kind: "confirmed", orderId: order.id };
  }
}

/** One key per checkout attempt: a double tap, or a retry after a lost answer, sends the
 * same key and gets the same order back. */
export function newIdempotencyKey(): string {
  return `mobile-${randomUUID()}`;
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Being placed",
  awaiting_confirmation: "Waiting for your confirmation",
  confirmed: "Confirmed",
  processing: "Being prepared",
  shipped: "On its way",
  delivered: "Delivered",
  failed: "Not placed",
  cancelled: "Cancelled",
};

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** Whether a shopper may still cancel (before it ships). */
export function cancellable(status: string): boolean {
  return status === "confirmed" || status === "processing" || status === "awaiting_confirmation";
}
