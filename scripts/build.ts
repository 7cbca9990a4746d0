/**
 * Bundles the Lambda handler and the CLI with esbuild, with the stack's settings (infra/bundling.ts:
 * minified, source maps, CommonJS, Node 24), and prints each bundle's size. `--baseline` builds the
 * unminified, untree-shaken bundle the benchmark compares against, into dist/baseline/. The CLI keeps the
 * entry's own `#!/usr/bin/env node` line (esbuild preserves it), which makes dist/cli.cjs the package's bin.
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { BUNDLE_SETTINGS, HANDLER_ENTRY, versionDefine } from "../infra/bundling.js";

const ROOT = join(import.meta.dirname, "..");
const baseline = process.argv.includes("--baseline");
const outdir = join(ROOT, "dist", baseline ? "baseline" : "");

const ENTRIES: Record<string, string> = {
  "lambda/check": HANDLER_ENTRY,
  // The CLI in four files, each loaded only when needed (lambda/cli/bin.ts): the bin answers --version and
  // --help alone, the checker follows, and its AWS side only for runs that call AWS.
  cli: "lambda/cli/bin.ts",
  "cli-main": "lambda/cli/main.ts",
  "cli-aws": "lambda/cli/aws.ts",
  // `redis-memory-checker mcp`, the MCP server, with the MCP SDK: loaded for that command alone.
  "cli-mcp": "lambda/cli/mcp.ts",
};

/** The CLI's lazy imports of its own parts stay imports of the sibling files, not copies inlined. */
const CLI_PARTS: Record<string, string> = {
  "./main.js": "./cli-main.cjs",
  "./aws.js": "./cli-aws.cjs",
  "./mcp.js": "./cli-mcp.cjs",
};
const cliParts: Plugin = {
  name: "cli-parts",
  setup(b) {
    b.onResolve({ filter: /^\.\/(main|aws|mcp)\.js$/ }, (args) =>
      args.importer.startsWith(join(ROOT, "lambda", "cli")) ? { path: CLI_PARTS[args.path], external: true } : undefined,
    );
  },
};

const sizes: string[] = [];
for (const [name, entry] of Object.entries(ENTRIES)) {
  const outfile = join(outdir, `${name}.cjs`);
  const cli = name.startsWith("cli");
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: BUNDLE_SETTINGS.format,
    target: BUNDLE_SETTINGS.target,
    minify: baseline ? false : BUNDLE_SETTINGS.minify,
    treeShaking: !baseline,
    sourcemap: BUNDLE_SETTINGS.sourcemap,
    external: [...BUNDLE_SETTINGS.external],
    define: versionDefine(ROOT),
    logLevel: "warning",
    plugins: cli ? [cliParts] : [],
    // `import()` becomes require() in the CLI: a plain CommonJS load, without the ES module loader's memory.
    supported: cli ? { "dynamic-import": false } : {},
  });
  sizes.push(`${outfile.replace(`${ROOT}/`, "")}: ${(statSync(outfile).size / 1024).toFixed(1)} KiB`);
}
if (!baseline) {
  // The construct as a library entry (redis-memory-checker/construct): CDK stays the app's own (peer), the
  // rest is inlined; its types are emitted beside it.
  const outfile = join(ROOT, "dist", "construct", "index.cjs");
  await build({
    entryPoints: [join(ROOT, "infra", "library.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: BUNDLE_SETTINGS.target,
    external: ["aws-cdk-lib", "aws-cdk-lib/*", "constructs"],
    logLevel: "warning",
  });
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "infra", "tsconfig.library.json")],
    {
      stdio: "inherit",
    },
  );
  sizes.push(`${outfile.replace(`${ROOT}/`, "")}: ${(statSync(outfile).size / 1024).toFixed(1)} KiB`);
}
console.log(sizes.join("\n"));
