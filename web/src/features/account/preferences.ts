/** Notification preferences (pure helpers, tested): the notifications service's channels
 * and categories, which choice is fixed, and the PATCH body for what changed. */
import type { Schemas } from "../../api/client";

export type Preferences = Schemas["NotificationPreferences"];
export type PreferencesUpdate = Schemas["NotificationPreferencesUpdate"];
export type Channel = "email" | "sms" | "push";
export type Category = "transactional" | "marketing";

export const CHANNELS: { id: Channel; label: string }[] = [
  { id: "email", label: "E-mail" },
  { id: "sms", label: "Text message (SMS)" },
  { id: "push", label: "Push notifications" },
];

export const CATEGORIES: { id: Category; label: string; hint: string }[] = [
  { id: "transactional", label: "Orders and account", hint: "Receipts, order status, sign-in and verification" },
  { id: "marketing", label: "Picks and offers", hint: "The weekly picks and occasional news" },
];

/** Receipts, verification and order updates always go by e-mail. */
export function isLocked(channel: Channel, category: Category): boolean {
  return channel === "email" && category === "transactional";
}

export function toggle(prefs: Preferences, channel: Channel, category: Category, enabled: boolean): Preferences {
  if (isLocked(channel, category)) return prefs;
  return { ...prefs, [channel]: { ...prefs[channel], [category]: enabled } };
}

/** Only what differs from `saved` (nothing locked); null when nothing changed. */
export function changes(saved: Preferences, edited: Preferences, phone?: string): PreferencesUpdate | null {
  const update: PreferencesUpdate = {};
  for (const { id: channel } of CHANNELS) {
    for (const { id: category } of CATEGORIES) {
      if (isLocked(channel, category)) continue;
      if (saved[channel][category] !== edited[channel][category]) {
        update[channel] = { ...(update[channel] ?? {}), [category]: edited[channel][category] };
      }
    }
  }
  if (phone !== undefined) {
    const cleaned = phone.replace(/[\s().-]/g, "");
    if (cleaned !== (saved.phone ?? "")) update.phone = cleaned;
  }
  return Object.keys(update).length ? update : null;
}

/** An E.164 number (or empty, to forget it). */
export function validPhone(phone: string): boolean {
  return /^(\+[1-9][0-9]{6,14})?$/.test(phone.replace(/[\s().-]/g, ""));
}
