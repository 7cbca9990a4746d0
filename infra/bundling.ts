import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One set of esbuild settings for the deployed function (NodejsFunction) and for scripts/build.ts, so the
 * artifact the end-to-end test loads is built the way the stack builds it.
 */
export const HANDLER_ENTRY = "lambda/handlers/check.ts";
export const NODE_TARGET = "node24";

export const BUNDLE_SETTINGS = {
  format: "cjs", // ioredis uses require()
  target: NODE_TARGET,
  minify: true,
  sourcemap: true,
  // The Node.js 24 runtime ships AWS SDK v3: bundling it again would triple the artifact (1.5 MB against
  // about 0.35 MB) for no gain. The tests load the bundle with the SDK version in package-lock.json.
  external: ["@aws-sdk/*"] as string[],
} as const;

/**
 * NODE_OPTIONS of the deployed function, and of the benchmark's runs of the bundle. V8's young generation
 * is capped at 8 MB semi-spaces (default 16): checking 1,000 endpoints then peaks near 110 MiB instead of
 * 130 MiB, at the same speed (bench/probe-memory.ts). `--enable-source-maps` is left out: Node parses the
 * map at load, which costs about 25 MiB; the .map file ships, so add the flag when debugging a stack trace.
 */
export const RUNTIME_NODE_OPTIONS = "--max-semi-space-size=8";

/**
 * The tool's version, compiled into the bundles (esbuild `define`) so they do not carry package.json with
 * its scripts and dependencies; lambda/checker/tool.ts reads it.
 */
export function versionDefine(projectRoot: string): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string };
  return { "process.env.REDIS_MEMORY_CHECKER_VERSION": JSON.stringify(version) };
}
