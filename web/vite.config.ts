/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// In development the app runs on Vite's server and BFF Web on :8000 (`make run`);
// everything it calls goes through these same-origin paths.
const shop = process.env.BOOKBREW_URL ?? "http://127.0.0.1:8000";
const proxied = ["/api", "/auth", "/media"];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: shop, changeOrigin: false }])),
  },
  build: {
    target: "es2022",
    sourcemap: false,
    // The shell (React, the router, TanStack Query, the API client) is ~320 kB minified;
    // what counts is the gzipped budget `npm run size` enforces (250 KB of initial JS).
    chunkSizeWarningLimit: 350,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
