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
