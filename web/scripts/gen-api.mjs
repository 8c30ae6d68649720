#!/usr/bin/env node
// Regenerates the typed client's schema from BFF Web's OpenAPI spec.
//   npm run gen:api                       -> from the saved web/openapi.json
//   npm run gen:api -- --from http://127.0.0.1:8000   -> fetch, save, then generate
//   BOOKBREW_URL=http://127.0.0.1:8000 npm run gen:api  -> same
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specPath = resolve(web, "openapi.json");
const outPath = resolve(web, "src/api/schema.d.ts");

const args = process.argv.slice(2);
const fromIndex = args.indexOf("--from");
const from = fromIndex >= 0 ? args[fromIndex + 1] : process.env.BOOKBREW_URL;

if (from) {
  const url = new URL("/openapi.json", from).toString();
  const response = await fetch(url);
  if (!response.ok) {
    console.error(`gen:api: ${url} answered ${response.status}`);
    process.exit(1);
  }
  const spec = await response.json();
  writeFileSync(specPath, JSON.stringify(spec, null, 2) + "\n");
  console.log(`gen:api: saved ${url} to openapi.json (${Object.keys(spec.paths).length} paths)`);
} else {
  JSON.parse(readFileSync(specPath, "utf8")); // fail early on a broken file
}

execFileSync(
  process.execPath,
  [resolve(web, "node_modules/openapi-typescript/bin/cli.js"), specPath, "-o", outPath],
  { stdio: "inherit" },
);
