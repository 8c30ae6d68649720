import { expect, test } from "@playwright/test";
import { snap, totp, verificationLink } from "./support";

const password = "a long walk to the coffee shop";

test("sign up → verify → sign in → questionnaire (saved, resumed) → home → MFA → sign out", async ({ page }) => {
  const email = `shopper-${Date.now()}@example.com`;

  // Sign up.
  await page.goto("/");
  await page.getByRole("link", { name: "Join" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeFocused();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Tell us what to call you.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("What should we call you?").fill("Ada");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await snap(page, "sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // Verify, with the link the shop sent.
  const link = new URL(await verificationLink(email));
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "Your e-mail is confirmed" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // Sign in: a full-page trip through the identity service's sign-in page and back.
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page.locator("input[name=email]")).toBeVisible();
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("button[type=submit]").click();
  await expect(page).toHaveURL(/\/taste\/general$/);
  await expect(page.getByRole("link", { name: /Your account: Ada/ })).toBeVisible();

  // The questionnaire: one question per step, follow-ups for what is chosen.
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to BookBrew" })).toBeVisible();
  await expect(page.getByText(/^Question 1 of \d+$/)).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("alert")).toContainText("Please choose at least one option.");
  await page.getByRole("checkbox", { name: "Coffee" }).check();
  await page.getByRole("checkbox", { name: "Books" }).check();
  await expect(page.getByText("Question 1 of 5")).toBeVisible(); // categories, genres, roast, budget, discovery
  await snap(page, "questionnaire");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByRole("heading", { level: 2, name: "Which kinds of book do you enjoy?" })).toBeFocused();
  await expect(page.getByText("Question 2 of 5")).toBeVisible();
  await page.getByRole("checkbox", { name: "Fantasy" }).check();
  await page.getByRole("checkbox", { name: "Crime" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Your coffee roast?" })).toBeVisible();

  // Saved at each step: a reload resumes at the first unanswered question.
  await page.reload();
  await expect(page.getByText(/Welcome back/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your coffee roast?" })).toBeVisible();
  await expect(page.getByText("Question 3 of 5")).toBeVisible();
  await page.getByRole("radio", { name: /^Dark/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /What do you usually spend/ })).toBeVisible();
  await page.getByRole("radio", { name: "Up to €30" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Favourites or discoveries/ })).toBeVisible();
  await page.getByRole("radio", { name: "A mix of both" }).check();
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("heading", { name: /that’s your taste noted/ })).toBeVisible();

  // Home, signed in. Picks show (with reasons) once curation serves them.
  await page.getByRole("link", { name: "See your picks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome back, Ada." })).toBeFocused();
  await expect(page.getByRole("heading", { level: 2, name: /Best-selling books/i })).toBeVisible();
  // Curation has a tight budget on the home page (best sellers render without picks when
  // it is slow); give it a few chances on a busy machine.
  const picks = page.getByRole("region", { name: "Picked for you" });
  for (let attempt = 0; attempt < 4 && !(await picks.isVisible()); attempt++) {
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
  }
  if (await picks.isVisible()) {
    // Picks follow the answers, and say why.
    const reasons = await picks.locator(".card__reason").allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(" ")).toMatch(/fantasy|crime|dark|book|coffee/i);
  } else {
    test.info().annotations.push({ type: "warning", description: "no picks on the home page (curation slow or down)" });
  }
  await snap(page, "home-signed-in");

  // The taste profile follows the answers.
  await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Your taste" }).click();
  const profile = page.getByRole("region", { name: "What we know you like" });
  await expect(profile).toBeVisible();
  await expect(profile).toContainText(/dark/i);
  await expect(profile).toContainText(/fantasy/i);

  // MFA enrollment with a QR code.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Ada" })).toBeVisible();
  await page.getByRole("link", { name: "Turn on two-step sign-in" }).click();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await snap(page, "mfa");
  await page.getByLabel("6-digit code").fill("12345");
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByText("Enter the 6-digit code your app shows.")).toBeVisible();
  await page.getByLabel("6-digit code").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Two-step sign-in is on" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").first()).toBeVisible();

  // Sign out.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/account");
  await expect(page.getByText("Sign in to see your account.")).toBeVisible();
});
