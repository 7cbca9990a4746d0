/**
 * Bundles the Lambda handlers and the CLI with esbuild, the way the CDK stack does (minified, source maps,
 * CommonJS, Node 24), and prints each bundle's size. `--no-minify` builds the unminified baseline the
 * benchmark compares against.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const minify = !process.argv.includes("--no-minify");
const outdir = join(ROOT, "dist", minify ? "" : "unminified");

export const ENTRIES = {
  "lambda/check": "lambda/handlers/check.ts",
  cli: "lambda/cli/main.ts",
} as const;

export const LAMBDA_BUILD: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node24",
  minify,
  treeShaking: minify,
  sourcemap: true,
  // The AWS SDK v3 ships in the Lambda runtime, but bundling pins the version we test with.
  external: [],
  logLevel: "warning",
};

const sizes: string[] = [];
for (const [name, entry] of Object.entries(ENTRIES)) {
  const outfile = join(outdir, `${name}.cjs`);
  await build({
    ...LAMBDA_BUILD,
    entryPoints: [join(ROOT, entry)],
    outfile,
    banner: name === "cli" ? { js: "#!/usr/bin/env node" } : undefined,
  });
  sizes.push(`${outfile.replace(`${ROOT}/`, "")}: ${(statSync(outfile).size / 1024).toFixed(1)} KiB`);
}
console.log(sizes.join("\n"));
