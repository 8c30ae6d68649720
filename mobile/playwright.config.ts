import { defineConfig, devices } from "@playwright/test";

// Runs against a shop started by e2e/run.sh (E2E_BASE_URL), which serves the app's web
// build at /m/. The browser is Debian's Chromium (`apt-get install chromium`); Playwright
// never downloads one. A phone: 390 × 844, touch, mobile viewport.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const PHONE = { width: 390, height: 844 };

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A 2-core machine running the shop, Chromium and other work: patience, not weaker checks.
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:8000",
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    {
      name: "phone",
      use: {
        ...devices["Pixel 7"],
        browserName: "chromium",
        channel: undefined,
        viewport: PHONE,
        screen: PHONE,
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
});
