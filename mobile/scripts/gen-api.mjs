#!/usr/bin/env node
// Regenerates the typed client's schema (src/api/schema.d.ts) from BFF Mobile's OpenAPI.
//   npm run gen:api                                     -> from the saved mobile/openapi.json
//   npm run gen:api -- ../some/bff_mobile.json          -> copy that file in, then generate
//   npm run gen:api -- http://127.0.0.1:8000/mobile/openapi.json   -> fetch, save, generate
// The spec is saved as openapi.json so a build never needs a running shop.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const mobile = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specPath = resolve(mobile, "openapi.json");
const outPath = resolve(mobile, "src/api/schema.d.ts");

const from = process.argv[2] ?? process.env.BFF_MOBILE_SPEC;

async function read(source) {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return response.json();
  }
  return JSON.parse(readFileSync(resolve(process.cwd(), source), "utf8"));
}

try {
  const spec = await read(from ?? specPath);
  if (!spec.paths || !spec.openapi) throw new Error("not an OpenAPI document (no `openapi` or `paths`)");
  if (from) {
    writeFileSync(specPath, JSON.stringify(spec, null, 2) + "\n");
    console.log(`gen:api: saved ${from} as openapi.json (${Object.keys(spec.paths).length} paths)`);
  }
} catch (error) {
  console.error(`gen:api: ${error.message}`);
  process.exit(1);
}

execFileSync(
  process.execPath,
  [resolve(mobile, "node_modules/openapi-typescript/bin/cli.js"), specPath, "-o", outPath],
  { stdio: "inherit" },
);
