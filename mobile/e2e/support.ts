import { createHmac } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

export const SCREENSHOTS = resolve(__dirname, "../../docs/screenshots");

/** The phone the app is tested at (playwright.config.ts) and the narrowest one checked. */
export const PHONE = { width: 390, height: 844 };
export const NARROW = { width: 360, height: 780 };

/** Waits until fonts, images and requests have settled, so screenshots are complete. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.evaluate(async () => {
    await document.fonts.ready;
    const images = Array.from(document.images).filter((img) => {
      const r = img.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    });
    const loaded = Promise.all(
      images.map((img) =>
        img.complete
          ? null
          : new Promise((ok) => {
              img.addEventListener("load", ok);
              img.addEventListener("error", ok);
            }),
      ),
    );
    await Promise.race([loaded, new Promise((ok) => setTimeout(ok, 5000))]);
  });
}

/** Nothing on the screen is wider than the phone: no sideways scroll of the page. Rows
 * that scroll sideways on purpose (shelves, chips) are inside their own scroller. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = document.documentElement.scrollWidth > width || document.body.scrollWidth > width;
    return wide ? { width, scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) } : null;
  });
  expect(overflow, "the page scrolls sideways").toBeNull();
}

/** `docs/screenshots/mobile-<name>.png` of the screen as it is, at 390 × 844; first the
 * screen is checked at 360 px wide too (no sideways scroll). E2E_SCREENSHOTS=0 skips. */
export async function snap(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS === "0") return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? PHONE;
  await page.setViewportSize(NARROW);
  await settle(page);
  await expectNoSidewaysScroll(page);
  await page.setViewportSize(PHONE);
  await settle(page);
  await expectNoSidewaysScroll(page);
  // No caret or focus ring in the pictures.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(SCREENSHOTS, `mobile-${name}.png`), animations: "disabled" });
  await page.setViewportSize(before);
}

/** Reads the verification link for an address out of the shop's data directory: from
 * the e-mail itself (notifications' `log` provider writes e-mails as files). */
const FIND_LINK = `
import email, email.policy, pathlib, re, sys
data, address = pathlib.Path(sys.argv[1]), sys.argv[2]
pattern = re.compile(r"https?://[^\\s<>\\x22]+?/verify-email\\?token=[A-Za-z0-9._~%-]+")
for path in sorted((data / "mail").glob("*.eml")) if (data / "mail").is_dir() else []:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if address not in str(message["To"]):
        continue
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found = pattern.search(part.get_content())
            if found:
                print(found.group(0)); sys.exit(0)
`;

/** The e-mail verification link the shop sent to `address`. */
export async function verificationLink(address: string): Promise<string> {
  const data = process.env.E2E_DATA_DIR;
  if (!data) throw new Error("E2E_DATA_DIR is not set (run through e2e/run.sh)");
  let link = "";
  await expect
    .poll(() => (link = execFileSync(process.env.E2E_PYTHON ?? "python3", ["-c", FIND_LINK, data, address], { encoding: "utf8" }).trim()), {
      message: `an e-mail to ${address} with a verification link`,
      timeout: 30_000,
    })
    .not.toBe("");
  return link;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
export function totp(secretBase32: string, now = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/[\s=]+/g, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v >= 0) bits += v.toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** TOTP codes that are never spent twice: the shop accepts a step once (and the steps
 * either side of now), so each code is for a later step than the last one used. */
export class Authenticator {
  private last = 0;
  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 30_000);
      for (const step of [now, now + 1]) {
        if (step > this.last) {
          this.last = step;
          return totp(this.secret, step * 30_000);
        }
      }
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  }
}

/** Taps a button that opens the identity service's sign-in page (the web build opens it
 * in a popup, as expo-auth-session does), fills it (and the second-factor page when a
 * code is given); the popup then hands the code back to the app and closes. */
export async function signInThroughPopup(
  page: Page,
  button: Locator,
  email: string,
  password: string,
  code?: () => Promise<string>,
): Promise<void> {
  await expect(button).toBeEnabled();
  const [popup] = await Promise.all([page.waitForEvent("popup"), button.click()]);
  await popup.waitForLoadState();
  await expect(popup).toHaveURL(/\/svc\/customers\/oauth\/authorize|\/svc\/customers\//);
  const url = new URL(popup.url());
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("code_challenge")).toBeTruthy();
  await expect(popup.locator("input[name=email]")).toBeVisible();
  await popup.locator("input[name=email]").fill(email);
  await popup.locator("input[name=password]").fill(password);
  await popup.locator("button[type=submit]").click();
  if (code) {
    await expect(popup.locator("input[name=code]")).toBeVisible();
    await popup.locator("input[name=code]").fill(await code());
    await popup.locator("button[type=submit]").click();
  }
  await popup.waitForEvent("close", { timeout: 60_000 });
}

/** The checkout form: an address in Berlin and a card (the name comes from the account). */
export async function fillCheckout(page: Page, name: string, card: string): Promise<void> {
  await expect(page.getByLabel("Full name")).toHaveValue(name);
  await page.getByLabel("Street and number").fill("Kastanienallee 12");
  await page.getByLabel("Postcode").fill("10435");
  await page.getByLabel("Town or city").fill("Berlin");
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("1234");
  await page.getByLabel("CVC").fill("123");
}
