#!/usr/bin/env node
// Measures what a first visit downloads: the JS and CSS that dist/index.html loads
// (its module script, modulepreloads and stylesheets), gzipped. Lazy route chunks are
// listed separately. Fails when the initial JS is over the budget.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_KB = 250;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
let html;
try {
  html = readFileSync(resolve(dist, "index.html"), "utf8");
} catch {
  console.error("size: no dist/index.html; run `npm run build` first");
  process.exit(1);
}
const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const initial = [...new Set(refs)];
const gz = (file) => gzipSync(readFileSync(resolve(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(7) + " KB";

let js = 0;
let css = 0;
console.log("Initial (loaded by index.html), gzipped:");
for (const file of initial) {
  const size = gz(file);
  if (file.endsWith(".js")) js += size;
  else css += size;
  console.log(`  ${kb(size)}  ${file}`);
}
const lazy = readdirSync(resolve(dist, "assets")).filter(
  (f) => f.endsWith(".js") && !initial.includes(`assets/${f}`),
);
console.log("Lazy chunks (loaded on demand), gzipped:");
for (const f of lazy.sort()) console.log(`  ${kb(gz(`assets/${f}`))}  assets/${f}`);
console.log(`Initial JS: ${kb(js).trim()} gzipped (budget ${BUDGET_KB} KB); initial CSS: ${kb(css).trim()}`);
if (js / 1024 > BUDGET_KB) {
  console.error(`size: initial JS is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
