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
  // The AWS SDK is bundled, not taken from the runtime: the version deployed is the version tested.
  external: [] as string[],
} as const;
