/**
 * Where the fleet run's memory goes: retained after a full GC, versus the peak, under several V8 young-
 * generation sizes. Run: npx tsx bench/probe-memory.ts (after npm run build). It chose RUNTIME_NODE_OPTIONS.
 */
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { RedisServer } from "../scripts/lib/redisServer.js";
import { SecretsResponder } from "../scripts/lib/secretsResponder.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const SERVERS = Number(process.env.PROBE_SERVERS ?? 20);
const servers: RedisServer[] = [];
for (let i = 0; i < SERVERS; i += 20) servers.push(...(await Promise.all(Array.from({ length: 20 }, () => RedisServer.start()))));
const doc = JSON.stringify({
  endpoints: Array.from({ length: 1000 }, (_, i) => ({
    name: `f${i}`,
    host: "127.0.0.1",
    port: servers[i % servers.length]?.port,
  })),
});
const secrets = new SecretsResponder({ fleet: doc });
const url = await secrets.start();
const script = `
  const { handler } = require(${JSON.stringify(join(ROOT, "dist/lambda/check.cjs"))});
  const mb = (x) => (x / 1048576).toFixed(1);
  global.gc(); const loaded = process.memoryUsage();
  const end = Date.now() + 60000;
  const t = performance.now();
  handler({ notify: false }, { getRemainingTimeInMillis: () => end - Date.now() }).then((r) => {
    const peak = require(${JSON.stringify(join(ROOT, "scripts/lib/peakRss.cjs"))}).ownPeakRssKiB() / 1024;
    global.gc(); const after = process.memoryUsage();
    console.log("loaded rss", mb(loaded.rss), "heapUsed", mb(loaded.heapUsed), "| peak rss", peak.toFixed(1), "| after gc rss", mb(after.rss), "heapUsed", mb(after.heapUsed), "report json", mb(JSON.stringify(r).length), "| run ms", (performance.now() - t).toFixed(0));
  });`;
for (const flags of [[], ["--max-semi-space-size=8"], ["--max-semi-space-size=4"]]) {
  const { stdout } = await run(process.execPath, ["--expose-gc", ...flags, "-e", script], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? "",
      NODE_PATH: join(ROOT, "node_modules"),
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "y",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
      ENDPOINTS_SECRET_IDS: "fleet",
      ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:b",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
  });
  console.log(flags.join(" ") || "(default flags)", stdout.trim());
}
await secrets.stop();
await Promise.all(servers.map((s) => s.stop()));
