import { expect, test } from "@playwright/test";
import { fillSignIn, grantAdmin, signIn, signUp } from "./support";

const password = "a long walk to the coffee shop";

test("staff questionnaire editor: draft → edit → error in place → publish → a shopper answers the new version", async ({ page }) => {
  test.setTimeout(150_000);
  const run = Date.now();
  // The perfume questionnaire: no other journey answers it, so the new version is ours.
  const prompt = `Which scent families do you love? (${run})`;
  const option = "Floral bouquets";

  // Staff: made an admin with the CLI before the first sign-in (the role is in the token).
  const staff = `staff-${run}@example.com`;
  await signUp(page, "Hedy", staff, password);
  grantAdmin(staff);
  await signIn(page, staff, password, "/admin/questionnaires");
  await expect(page.getByRole("heading", { level: 1, name: "Questionnaires" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Questionnaires" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // The perfume questionnaire's versions: a current one, and a new draft copied from it.
  await page.getByRole("combobox", { name: "Questionnaire" }).selectOption("perfume");
  const versions = page.getByRole("table", { name: "Versions of the perfume questionnaire" });
  const current = versions.getByRole("row").filter({ has: page.getByRole("cell", { name: "current", exact: true }) });
  await expect(current).toHaveCount(1);
  const was = Number((await current.getByRole("rowheader").innerText()).trim());
  await page.getByRole("button", { name: "New draft from the current version" }).click();
  const editor = page.getByRole("form", { name: /^perfume · version \d+ \(draft\)$/ });
  await expect(editor).toBeVisible();
  const draft = Number((await editor.getByRole("heading", { level: 2 }).innerText()).match(/version (\d+)/)![1]);
  expect(draft).toBeGreaterThan(was);
  await expect(versions.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(draft), exact: true }) })).toContainText(
    "draft",
  );
  await expect(page.getByRole("button", { name: "New draft from the current version" })).toHaveCount(0); // one draft at a time

  const first = editor.getByRole("group", { name: /^Question 1 \(families,/ });
  const text = first.getByLabel("Question text");
  await expect(text).toHaveValue("Which scent families draw you in?");
  const floral = first.getByRole("textbox", { name: /^Option \d+ \(floral\)$/ });
  await expect(floral).toHaveValue("Floral");

  // A bad edit: an empty question. The questionnaire service's 422 shows at the field.
  await text.fill("");
  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(text).toHaveAttribute("aria-invalid", "true");
  await expect(text).toHaveAccessibleDescription(/at least 1 character/);
  await expect(editor.getByText("See the marked fields below.")).toBeVisible();
  await expect(floral).toHaveAttribute("aria-invalid", "false");

  // Fixed, plus a renamed option: saved, the error gone.
  await text.fill(prompt);
  await floral.fill(option);
  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(editor.getByRole("status")).toHaveText("Draft saved.");
  await expect(text).toHaveAttribute("aria-invalid", "false");
  await expect(editor.getByText("See the marked fields below.")).toHaveCount(0);
  await expect(editor.getByRole("button", { name: "Save draft" })).toBeDisabled(); // nothing unsaved

  // Saved for real: closed and opened again, the draft has the edits.
  await editor.getByRole("button", { name: "Close" }).click();
  await expect(editor).toHaveCount(0);
  await page.getByRole("button", { name: `Edit version ${draft}` }).click();
  await expect(text).toHaveValue(prompt);
  await expect(floral).toHaveValue(option);

  // Publish: the draft is frozen (read-only) and current.
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  const published = page.getByRole("form", { name: `perfume · version ${draft} (current, read-only)` });
  await expect(published.getByRole("status")).toHaveText("Published: new responses use this version.");
  await expect(published.getByLabel("Question text").first()).toBeDisabled();
  await expect(published.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await expect(current.getByRole("rowheader")).toHaveText(String(draft));
  await expect(page.getByRole("button", { name: "New draft from the current version" })).toBeVisible();

  // A shopper (another account) answers the new version.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  const shopper = `perfume-${run}@example.com`;
  await signUp(page, "Noor", shopper, password);
  await page.goto(`/auth/login?return_to=${encodeURIComponent("/taste/perfume")}`);
  await fillSignIn(page, shopper, password);
  await expect(page).toHaveURL(/\/taste\/perfume$/);
  await expect(page.getByRole("heading", { level: 2, name: prompt })).toBeVisible();
  await expect(page.getByText(/^Question 1 of \d+$/)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Floral", exact: true })).toHaveCount(0);
  await page.getByRole("checkbox", { name: option }).check();
  await page.getByRole("checkbox", { name: "Woody" }).check();
  await page.getByRole("button", { name: "Next" }).click();

  // The rest: the one other required question answered, the optional ones skipped.
  const wizard = page.getByRole("main");
  for (;;) {
    const heading = wizard.getByRole("heading", { level: 2 });
    await expect(heading).not.toHaveText(prompt);
    await expect(heading).toBeFocused();
    const asked = (await heading.innerText()).trim();
    if (/How present should it be\?/.test(asked)) {
      await page.getByRole("radio", { name: "Noticeable but polite" }).check();
    }
    const finish = page.getByRole("button", { name: "Finish" });
    if (await finish.isVisible()) {
      await finish.click();
      break;
    }
    await page.getByRole("button", { name: /^(Next|Skip)$/ }).click();
    await expect(wizard.getByRole("heading", { level: 2, name: asked })).toHaveCount(0);
  }
  await expect(page.getByRole("heading", { name: /that’s your taste noted/ })).toBeVisible();

  // The answers on the new version count: the taste profile has the renamed option's signal.
  await page.goto("/taste");
  const profile = page.getByRole("region", { name: "What we know you like" });
  await expect(profile).toContainText(/floral/i);
  await expect(profile).toContainText(/woody/i);
});
