import { defineConfig } from "@playwright/test";
import config from "./playwright.config";

// bench/bench_mobile.py runs this: the figures spec alone, with the e2e settings.
export default defineConfig({ ...config, testDir: "./bench", outputDir: "./bench-results" });
