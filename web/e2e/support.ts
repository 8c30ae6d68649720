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
