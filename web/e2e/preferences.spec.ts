import { expect, test } from "@playwright/test";
import { expectHeadingFocused, signIn, signUp, unsubscribeLink } from "./support";

const password = "a long walk to the coffee shop";

test("notification preferences: choose channels and topics, saved across a reload → one-click unsubscribe from an e-mail", async ({
  page,
}) => {
  const email = `prefs-${Date.now()}@example.com`;
  await signUp(page, "Lin", email, password);
  await signIn(page, email, password, "/account");

  // From the account page.
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Lin" })).toBeVisible();
  await page.getByRole("link", { name: /Notifications: e-mail, text messages and push/ }).click();
  await expectHeadingFocused(page, "Notifications");

  const mail = page.getByRole("group", { name: "E-mail" });
  const sms = page.getByRole("group", { name: "Text message (SMS)" });
  const push = page.getByRole("group", { name: "Push notifications" });
  const save = page.getByRole("button", { name: "Save preferences" });
  const phone = sms.getByLabel("Mobile number for text messages");

  // Defaults: receipts by e-mail always (fixed), marketing only with consent, no SMS.
  await expect(mail.getByRole("checkbox", { name: /Orders and account/ })).toBeChecked();
  await expect(mail.getByRole("checkbox", { name: /Orders and account/ })).toBeDisabled();
  await expect(mail.getByRole("checkbox", { name: /Picks and offers/ })).not.toBeChecked();
  await expect(sms.getByRole("checkbox", { name: /Orders and account/ })).not.toBeChecked();
  await expect(push.getByRole("checkbox", { name: /Picks and offers/ })).not.toBeChecked();
  await expect(save).toBeDisabled(); // nothing to save yet

  // Weekly picks by e-mail and push; order news by text message, to a valid number.
  await mail.getByRole("checkbox", { name: /Picks and offers/ }).check();
  await push.getByRole("checkbox", { name: /Picks and offers/ }).check();
  await sms.getByRole("checkbox", { name: /Orders and account/ }).check();
  await phone.fill("06 12 34 56 78");
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription(/Use the international format, starting with \+ and the country code\./);
  await expect(save).toBeDisabled();
  await phone.fill("+33 6 12 34 56 78");
  await expect(phone).toHaveAttribute("aria-invalid", "false");
  await save.click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(save).toBeDisabled();

  // Still so after a reload (read back from the notifications service).
  await page.reload();
  await expect(mail.getByRole("checkbox", { name: /Picks and offers/ })).toBeChecked();
  await expect(push.getByRole("checkbox", { name: /Picks and offers/ })).toBeChecked();
  await expect(sms.getByRole("checkbox", { name: /Orders and account/ })).toBeChecked();
  await expect(sms.getByRole("checkbox", { name: /Picks and offers/ })).not.toBeChecked();
  await expect(phone).toHaveValue("+33612345678");

  // The one-click unsubscribe link every e-mail carries (List-Unsubscribe): a GET only
  // asks (mail scanners follow links), the button unsubscribes from marketing e-mail.
  const unsubscribe = await unsubscribeLink(email);
  expect(new URL(unsubscribe).origin).toBe(new URL(page.url()).origin);
  await page.goto(unsubscribe);
  await expect(page.getByRole("heading", { level: 1, name: "Unsubscribe?" })).toBeVisible();
  await page.goto("/account/notifications");
  await expect(mail.getByRole("checkbox", { name: /Picks and offers/ })).toBeChecked(); // not yet
  await page.goto(unsubscribe);
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Done" })).toBeVisible();
  await expect(page.getByText("You will no longer receive marketing e-mail.")).toBeVisible();

  // Marketing e-mail is off; the other choices are as they were.
  await page.goto("/account/notifications");
  await expect(mail.getByRole("checkbox", { name: /Orders and account/ })).toBeChecked();
  await expect(mail.getByRole("checkbox", { name: /Picks and offers/ })).not.toBeChecked();
  await expect(push.getByRole("checkbox", { name: /Picks and offers/ })).toBeChecked();
  await expect(sms.getByRole("checkbox", { name: /Orders and account/ })).toBeChecked();
});
