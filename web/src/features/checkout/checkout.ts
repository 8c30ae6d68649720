import type { Schemas } from "../../api/client";

export type Order = Schemas["Order"];
export type ShippingAddress = Schemas["ShippingForm"];
/** Where an order ships, as the order tells it (orders' shape: `recipient`, …). */
export type ShippedTo = Schemas["ShippingAddress"];

export type AddressErrors = Partial<Record<keyof ShippingAddress, string>>;

export const EMPTY_ADDRESS: ShippingAddress = {
  name: "",
  line1: "",
  line2: "",
  postal_code: "",
  city: "",
  country: "DE",
};

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

/** The limits BFF Web and orders apply, checked before sending. */
export const ADDRESS_LIMITS = { name: 120, line1: 200, line2: 200, postal_code: 16, city: 100 } as const;

export function validateAddress(address: ShippingAddress): AddressErrors {
  const errors: AddressErrors = {};
  const postal = address.postal_code.trim();
  if (!address.name.trim()) errors.name = "Who should we deliver to?";
  else if (address.name.trim().length > ADDRESS_LIMITS.name) errors.name = "Shorten the name a little.";
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

/** An order's address, one line each, as a parcel label prints it. */
export function addressLines(address: ShippedTo): string[] {
  return [
    address.recipient,
    address.line1,
    address.line2,
    `${address.postal_code} ${address.city}`,
    address.region,
    countryName(address.country),
  ].filter((line): line is string => Boolean(line?.trim()));
}

/** One short line for lists: who and where. */
export function addressSummary(address: ShippedTo): string {
  return `${address.recipient}, ${address.city}`;
}

/** What the checkout page does with the order it got back. */
export type Outcome =
  | { kind: "confirmed"; orderId: string }
  | { kind: "step-up"; orderId: string; loginUrl: string }
  | { kind: "failed"; orderId: string; reason: string }
  | { kind: "pending"; orderId: string };

export function checkoutOutcome(order: Order): Outcome {
  switch (order.status) {
    case "awaiting_confirmation":
      return {
        kind: "step-up",
        orderId: order.id,
        loginUrl:
          order.login_url ??
          `/auth/login?${new URLSearchParams({ return_to: `/checkout/confirm/${order.id}`, prompt: "step_up" }).toString()}`,
      };
    case "failed":
    case "cancelled":
      return { kind: "failed", orderId: order.id, reason: order.reason ?? "The payment didn’t go through; nothing was charged." };
    case "pending":
      return { kind: "pending", orderId: order.id };
    default:
      return { kind: "confirmed", orderId: order.id };
  }
}

/** One key per checkout attempt: a double click, or a retry after a lost answer,
 * sends the same key and gets the same order back. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return `web-${crypto.randomUUID()}`;
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export const STATUS_LABELS: Record<Order["status"], string> = {
  pending: "Being placed",
  awaiting_confirmation: "Waiting for your confirmation",
  confirmed: "Confirmed",
  processing: "Being prepared",
  shipped: "On its way",
  delivered: "Delivered",
  failed: "Not placed",
  cancelled: "Cancelled",
};

/** Whether a shopper may still cancel (before it ships). */
export function cancellable(status: Order["status"]): boolean {
  return status === "confirmed" || status === "processing" || status === "awaiting_confirmation";
}
