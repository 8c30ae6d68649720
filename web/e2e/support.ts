import { createHmac } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = resolve(here, "../../docs/screenshots");

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Waits until fonts, images and requests have settled, so screenshots are complete. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.evaluate(async () => {
    await document.fonts.ready;
    // Images on screen (lazy ones off to the side of a scrolling shelf never load).
    const images = [...document.images].filter((img) => {
      const r = img.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    });
    const loaded = Promise.all(
      images.map((img) => (img.complete ? null : new Promise((ok) => {
              img.addEventListener("load", ok);
              img.addEventListener("error", ok);
            }))),
    );
    await Promise.race([loaded, new Promise((ok) => setTimeout(ok, 5000))]);
  });
}

/** `docs/screenshots/<name>-desktop.png` and `<name>-phone.png` of the page as it is. */
export async function snap(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS === "0") return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [size, label] of [
    [DESKTOP, "desktop"],
    [PHONE, "phone"],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await settle(page);
    // No caret or focus ring in the pictures.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), animations: "disabled" });
  }
  await page.setViewportSize(before);
}

/** Reads the verification link for an address out of the shop's data directory:
 * from the e-mail itself when notifications write e-mails as files (`log` provider),
 * else from the `customer.registered` event in the customers service's outbox. */
const FIND_LINK = `
import email, email.policy, json, pathlib, re, sqlite3, sys
data, address = pathlib.Path(sys.argv[1]), sys.argv[2]
pattern = re.compile(r"https?://[^\\s<>]+?/verify-email\\?token=[A-Za-z0-9._~%-]+")
for path in sorted((data / "mail").glob("*.eml")) if (data / "mail").is_dir() else []:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if address not in str(message["To"]):
        continue
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found = pattern.search(part.get_content())
            if found:
                print("mail", found.group(0)); sys.exit(0)
db = data / "customers.sqlite3"
if db.exists():
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for (body,) in conn.execute("select body from outbox where type like '%customer.registered' order by id desc"):
        event = json.loads(body).get("data", {})
        if event.get("email") == address:
            print("outbox", event["verification_url"]); sys.exit(0)
`;

/** The e-mail verification link the shop sent to \`address\` (see FIND_LINK). */
export async function verificationLink(address: string): Promise<string> {
  const data = process.env.E2E_DATA_DIR;
  if (!data) throw new Error("E2E_DATA_DIR is not set (run through e2e/run.sh)");
  for (let attempt = 0; attempt < 60; attempt++) {
    const out = execFileSync(process.env.E2E_PYTHON ?? "python3", ["-c", FIND_LINK, data, address], { encoding: "utf8" }).trim();
    if (out) {
      const [source, link] = out.split(" ");
      // Prefer the e-mail; the outbox only when no e-mail was written (after a while).
      if (source === "mail" || attempt >= 20) {
        console.log(`verification link for ${address} read from the ${source === "mail" ? "e-mail" : "customers outbox"}`);
        return link;
      }
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error(`no verification link for ${address}`);
}

/** The RFC 8058 one-click unsubscribe link (the `List-Unsubscribe` header) of the first
 * e-mail the shop wrote to `address` (notifications' `log` provider, as run.sh sets). */
const FIND_UNSUBSCRIBE = `
import email, email.policy, pathlib, sys
data, address = pathlib.Path(sys.argv[1]), sys.argv[2]
for path in sorted((data / "mail").glob("*.eml")) if (data / "mail").is_dir() else []:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    header = str(message.get("List-Unsubscribe") or "")
    if address in str(message["To"]) and header:
        print(header.strip().strip("<>")); sys.exit(0)
`;

export async function unsubscribeLink(address: string): Promise<string> {
  const data = process.env.E2E_DATA_DIR;
  if (!data) throw new Error("E2E_DATA_DIR is not set (run through e2e/run.sh)");
  let link = "";
  await expect
    .poll(
      () => (link = execFileSync(process.env.E2E_PYTHON ?? "python3", ["-c", FIND_UNSUBSCRIBE, data, address], { encoding: "utf8" }).trim()),
      { message: `an e-mail to ${address} with a List-Unsubscribe header`, timeout: 15_000 },
    )
    .not.toBe("");
  return link;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
export function totp(secretBase32: string, now = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) {
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

/** The page's h1 has focus after a client-side navigation. */
export async function expectHeadingFocused(page: Page, name: string | RegExp): Promise<void> {
  const heading = page.getByRole("heading", { level: 1, name });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
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

/** Signs up through the web app and confirms the address with the e-mailed link. */
export async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("What should we call you?").fill(name);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
  const link = new URL(await verificationLink(email));
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "Your e-mail is confirmed" })).toBeVisible();
}

/** Fills the identity service's sign-in page (and the second-factor page when a code is
 * given); the browser then goes back to where the sign-in started. */
export async function fillSignIn(page: Page, email: string, password: string, code?: () => Promise<string>): Promise<void> {
  await expect(page.locator("input[name=email]")).toBeVisible();
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(password);
  await page.locator("button[type=submit]").click();
  if (code) {
    await expect(page.locator("input[name=code]")).toBeVisible();
    await page.locator("input[name=code]").fill(await code());
    await page.locator("button[type=submit]").click();
  }
}

/** Signs in through the identity service's page and comes back to `returnTo`. */
export async function signIn(page: Page, email: string, password: string, returnTo: string): Promise<void> {
  await page.goto(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  await fillSignIn(page, email, password);
  await expect(page).toHaveURL((url) => url.pathname + url.search === returnTo);
}

/** The checkout form: an address in Berlin and a card (the name comes from the account). */
export async function fillCheckout(page: Page, name: string, card: string): Promise<void> {
  await expect(page.getByLabel("Full name")).toHaveValue(name);
  await page.getByLabel("Street and number").fill("Kastanienallee 12");
  await page.getByLabel("Postcode").fill("10435");
  await page.getByLabel("Town or city").fill("Berlin");
  await fillCard(page, card);
}

export async function fillCard(page: Page, card: string): Promise<void> {
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("1234");
  await page.getByLabel("CVC").fill("123");
}

/** Gives a registered customer the admin role with the CLI, against the e2e shop's
 * customers database (SQLite in its data directory) while the shop runs. */
export function grantAdmin(email: string): void {
  const data = process.env.E2E_DATA_DIR;
  const bookbrew = process.env.E2E_BOOKBREW;
  if (!data || !bookbrew) throw new Error("E2E_DATA_DIR/E2E_BOOKBREW not set (run through e2e/run.sh)");
  execFileSync(bookbrew, ["customers", "grant-admin", email], {
    env: { ...process.env, BOOKBREW_CUSTOMERS_DATA_DIR: data },
    encoding: "utf8",
  });
}
