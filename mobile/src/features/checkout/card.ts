/** The sandbox card form: test cards, formatting and checks done before the card is
 * sent to the shop for a token (payments validates it again). */

export interface TestCard {
  number: string;
  label: string;
  outcome: string;
}

export const TEST_CARDS: TestCard[] = [
  { number: "4242 4242 4242 4242", label: "Pays straight away", outcome: "success" },
  { number: "4000 0025 0000 3155", label: "Asks for your two-step sign-in", outcome: "step-up" },
  { number: "4000 0000 0000 9995", label: "Declined (insufficient funds)", outcome: "declined" },
];

export interface CardValues {
  number: string;
  expiry: string;
  cvc: string;
}

export type CardErrors = Partial<Record<keyof CardValues, string>>;

/** Digits only. */
export function cardDigits(value: string): string {
  return value.replace(/\D+/g, "");
}

/** "4242424242424242" → "4242 4242 4242 4242" (at most 19 digits). */
export function formatCardNumber(value: string): string {
  return cardDigits(value)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** The Luhn checksum every card number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** "12/34", "12 / 2034", "1234" → { month: 12, year: 2034 }; null when unreadable. */
export function parseExpiry(value: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return null;
  const month = Number(match[1]);
  let year = Number(match[2]);
  if (year < 100) year += 2000;
  if (month < 1 || month > 12) return null;
  return { month, year };
}

/** "1" → "1", "12" → "12 / ", "123" → "12 / 3": typed expiry as MM / YY. */
export function formatExpiry(value: string, previous = ""): string {
  const digits = cardDigits(value).slice(0, 4);
  if (digits.length < 2) return digits;
  if (digits.length === 2 && previous.length > value.length) return digits; // deleting
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export function validateCard(values: CardValues, now = new Date()): CardErrors {
  const errors: CardErrors = {};
  const digits = cardDigits(values.number);
  if (!digits) errors.number = "Enter the card number.";
  else if (!luhnValid(digits)) errors.number = "This card number isn’t valid; check the digits.";
  const expiry = parseExpiry(values.expiry);
  if (!values.expiry.trim()) errors.expiry = "Enter the expiry date.";
  else if (!expiry) errors.expiry = "Use MM / YY, e.g. 12 / 34.";
  else {
    const thisMonth = now.getFullYear() * 12 + now.getMonth();
    if (expiry.year * 12 + expiry.month - 1 < thisMonth) errors.expiry = "This card has expired.";
  }
  if (!/^\d{3,4}$/.test(values.cvc.trim())) errors.cvc = "Enter the 3 or 4 digits on the back.";
  return errors;
}
