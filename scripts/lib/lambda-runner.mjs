/**
 * Runs a bundled Lambda handler once in this process, as Lambda's runtime does: a fresh process, the
 * CommonJS bundle loaded with require, a context whose deadline is real. Used by the end-to-end tests and
 * the benchmark through invokeBundle.ts, and the one fake Lambda context of the project.
 *
 *   node scripts/lib/lambda-runner.mjs BUNDLE EVENT_JSON REMAINING_MS REQUEST_ID
 *
 * Prints one line `RESULT {"ok":…,"report"|"error":…,"handlerMs":…,"maxRssKiB":…}` and exits.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** A Lambda context whose deadline is `remainingMs` from its creation. */
export function fakeContext(remainingMs = 60_000, awsRequestId = "c6af9ac6-7b61-11e6-9a41-93e812345678") {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "redis-memory-checker",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:redis-memory-checker",
    memoryLimitInMB: "512",
    awsRequestId,
    logGroupName: "/aws/lambda/redis-memory-checker",
    logStreamName: "2026/11/24/[$LATEST]abc",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function main([bundle, event, remaining, requestId]) {
  const { handler } = createRequire(import.meta.url)(bundle);
  const started = performance.now();
  let result;
  try {
    const report = await handler(JSON.parse(event), fakeContext(Number(remaining), requestId));
    result = { ok: true, report };
  } catch (err) {
    result = { ok: false, error: { name: err?.name, message: err?.message } };
  }
  result.handlerMs = performance.now() - started;
  result.maxRssKiB = createRequire(import.meta.url)("./peakRss.cjs").ownPeakRssKiB();
  // Lambda freezes the process once the handler settles; nothing after it may hold the test up.
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`, () => process.exit(0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
