import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp } from "./support";

// The coffee questionnaire: contradictory answers are refused at the question, and taking
// it again shows the answers given last time, for editing.
const password = "a long walk to the coffee shop";

/** Answers the current question (required ones only; optional ones as `extra` says)
 * and moves on, until the question asked is `until` or the questionnaire is done. */
async function answerThrough(page: Page, until: RegExp | null, extra: (asked: string) => Promise<void> = async () => {}): Promise<void> {
  const wizard = page.getByRole("main");
  for (;;) {
    const heading = wizard.getByRole("heading", { level: 2 });
    await expect(heading).toBeVisible();
    const asked = (await heading.innerText()).trim();
    if (until && until.test(asked)) return;
    if (/Which roast/.test(asked)) await page.getByRole("radio", { name: /^Dark/ }).check();
    if (/How do you brew/.test(asked)) await page.getByRole("radio", { name: "Espresso machine" }).check();
    if (/^Milk\?/.test(asked)) await page.getByRole("radio", { name: "A splash" }).check();
    if (/How bright/.test(asked)) await page.getByRole("radio", { name: /^2/ }).check();
    if (/How much body/.test(asked)) await page.getByRole("radio", { name: /^4/ }).check();
    await extra(asked);
    const finish = page.getByRole("button", { name: "Finish" });
    if (await finish.isVisible()) {
      await finish.click();
      return;
    }
    await page.getByRole("button", { name: /^(Next|Skip)$/ }).click();
    await expect(wizard.getByRole("heading", { level: 2, name: asked, exact: true })).toHaveCount(0);
  }
}

test("coffee questionnaire: a contradiction is refused naming both questions; a retake starts from the last answers", async ({ page }) => {
  test.setTimeout(180_000);
  const email = `taste-${Date.now()}@example.com`;
  await signUp(page, "Lena", email, password);
  await signIn(page, email, password, "/taste/coffee");
  await expect(page.getByText(/^Question 1 of \d+$/)).toBeVisible();

  // Floral loved, then floral disliked: the second is refused, and says why.
  await answerThrough(page, /Which flavours do you love/);
  await page.getByRole("checkbox", { name: "Floral, jasmine" }).check();
  await page.getByRole("checkbox", { name: "Nutty" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Anything you dislike?" })).toBeFocused();
  await page.getByRole("checkbox", { name: "Perfumed, floral notes" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  const refusal = page.getByRole("alert");
  await expect(refusal).toContainText("cannot be both in “Which flavours do you love in a cup?” and in “Anything you dislike?”");
  await expect(page.getByRole("heading", { level: 2, name: "Anything you dislike?" })).toBeVisible();
  // Fixed: the refusal goes, and the questionnaire goes on.
  await page.getByRole("checkbox", { name: "Perfumed, floral notes" }).uncheck();
  await page.getByRole("checkbox", { name: "Bitterness" }).check();
  await expect(refusal).toHaveCount(0);
  await page.getByRole("button", { name: "Next" }).click();
  await answerThrough(page, null);
  await expect(page.getByRole("heading", { name: /that’s your taste noted/ })).toBeVisible();

  // Taking it again: every answer given is there, from the first question.
  await page.goto("/taste/coffee");
  await expect(page.getByText("These are the answers you gave last time: change any you like, then finish.")).toBeVisible();
  await expect(page.getByText(/^Question 1 of \d+$/)).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Dark/ })).toBeChecked();
  await answerThrough(page, /Which flavours do you love/);
  await expect(page.getByRole("checkbox", { name: "Floral, jasmine" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Nutty" })).toBeChecked();
  await page.getByRole("checkbox", { name: "Nutty" }).uncheck();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("checkbox", { name: "Bitterness" })).toBeChecked();
  await page.getByRole("button", { name: "Next" }).click();
  await answerThrough(page, null);
  await expect(page.getByRole("heading", { name: /that’s your taste noted/ })).toBeVisible();

  // "Start blank" starts over with nothing chosen.
  await page.goto("/taste/coffee");
  await page.getByRole("button", { name: "Start blank" }).click();
  await expect(page.getByText("These are the answers you gave last time", { exact: false })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /^Dark/ })).not.toBeChecked();
});
