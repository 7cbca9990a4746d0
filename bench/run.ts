/**
 * npm run bench [-- --instances 100 --rounds 5 --fragmented 10 --fleet 1000]
 *
 * Starts N real redis-server instances on loopback (some fragmented, one unreachable port) and measures,
 * side by side in this run, the wall time to a complete memory report for:
 *   1. this checker's core, in one process, with its default concurrency;
 *   2. the runbook's way: `redis-cli -p PORT info memory` per instance, one after another;
 *   3. Prometheus redis_exporter (Debian's prometheus-redis-exporter), /scrape?target= per instance,
 *      at the same concurrency as the checker.
 * Then the bundled handler: size, cold start and peak memory, against an unminified, untree-shaken build;
 * and the bundled CLI's start-up (bench/cliStartup.ts), and the MCP server's beside it (bench/mcp.ts).
 * Prints medians and ratios; every figure is measured in this run, none is a constant. Exits 1 when a
 * target is missed.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { startFauxqs } from "fauxqs";
import { RUNTIME_NODE_OPTIONS } from "../infra/bundling.js";
import { ioredisAccess } from "../lambda/adapters/redis/client.js";
import { Limiter } from "../lambda/checker/concurrency.js";
import { runCheck } from "../lambda/checker/runCheck.js";
import { parseConfigDocument } from "../lambda/core/endpoints/config.js";
import { resolveEndpoints } from "../lambda/core/endpoints/endpoint.js";
import { parseInfo, parseInfoRecord } from "../lambda/core/parsing/info.js";
import { DEFAULT_CONCURRENCY } from "../lambda/core/settings/defaults.js";
import { fragment } from "../scripts/lib/fragment.js";
import { invokeBundle } from "../scripts/lib/invokeBundle.js";
import { freePort, RedisServer } from "../scripts/lib/redisServer.js";
import { SecretsResponder } from "../scripts/lib/secretsResponder.js";
import { cliStartupReport, measureCliStartup } from "./cliStartup.js";
import { historyReport, measureHistory } from "./history.js";
import { mcpReport, measureMcp } from "./mcp.js";
import { median } from "./measure.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    instances: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    fragmented: { type: "string", default: "10" },
    fleet: { type: "string", default: "1000" },
    outage: { type: "string", default: "10000" },
  },
});
const N = Number(args.instances);
const ROUNDS = Number(args.rounds);
const FRAGMENTED = Math.min(N, Number(args.fragmented));
const FLEET = Number(args.fleet);
const OUTAGE = Number(args.outage);

const TARGETS = {
  reportMs: 1000,
  vsRedisCli: 10,
  bundleKiB: 500,
  coldStartMs: 150,
  peakMiB: 128,
  outageMs: 20_000,
  outagePeakMiB: 192,
};

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const verdict = (ok: boolean, miss: string) => (ok ? "met" : `MISSED by ${miss}`);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function requireBinary(name: string, install: string): void {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
  } catch {
    console.error(`${name} not found: ${install}`);
    process.exit(1);
  }
}

requireBinary("redis-server", "sudo apt-get install -y redis-server");
requireBinary("redis-cli", "sudo apt-get install -y redis-tools");
requireBinary("prometheus-redis-exporter", "sudo apt-get install -y prometheus-redis-exporter");

console.log(`Building the handler bundle and its baseline (unminified, no tree shaking)…`);
await run("npx", ["tsx", "scripts/build.ts"], { cwd: ROOT });
await run("npx", ["tsx", "scripts/build.ts", "--baseline"], { cwd: ROOT });

console.log(`Starting ${N} redis-server instances on loopback (${FRAGMENTED} fragmented, plus one closed port)…`);
const servers: RedisServer[] = [];
for (let i = 0; i < N; i += 20) {
  servers.push(...(await Promise.all(Array.from({ length: Math.min(20, N - i) }, () => RedisServer.start()))));
}
let exporter: ReturnType<typeof spawn> | undefined;
let fleetSecrets: SecretsResponder | undefined;
let fauxqs: Awaited<ReturnType<typeof startFauxqs>> | undefined;
let missed = false;
try {
  await Promise.all(
    servers.slice(0, FRAGMENTED).map(async (s) => {
      const c = s.client();
      await fragment(c, { keys: 150_000 });
      c.disconnect();
    }),
  );
  const closed = await freePort();
  const ports = [...servers.map((s) => s.port), closed];
  const endpoints = resolveEndpoints(
    parseConfigDocument(
      ports.map((p) => ({ name: `redis-${p}`, host: "127.0.0.1", port: p, timeouts: { connectMs: 1000 } })),
      "bench",
    ),
  );

  // 1. This checker's core, one process, default concurrency.
  await runCheck(endpoints, { redis: ioredisAccess }); // warm-up: JIT and module loading are not what is measured
  const core: number[] = [];
  let lastStatus = "";
  for (let r = 0; r < ROUNDS; r++) {
    core.push(
      await timed(async () => {
        const report = await runCheck(endpoints, { redis: ioredisAccess });
        lastStatus = `${report.counts.OK} OK, ${report.counts.WARNING} WARNING, ${report.counts.CRITICAL} CRITICAL, ${report.counts.UNKNOWN} UNKNOWN`;
      }),
    );
  }

  // The checker's footprint on a server, per check, as the server counts it (INFO commandstats).
  const probe = servers[FRAGMENTED] as RedisServer;
  const admin = probe.client();
  await admin.call("CONFIG", "RESETSTAT");
  await runCheck(resolveEndpoints(parseConfigDocument([{ name: "footprint", url: probe.url }], "bench")), {
    redis: ioredisAccess,
  });
  const stats = parseInfo(String(await admin.call("INFO", "everything")));
  admin.disconnect();
  const footprint = Object.entries(stats.sections.commandstats ?? {})
    .map(([name, value]) => {
      const record = parseInfoRecord(value);
      return { name: name.replace(/^cmdstat_/, ""), calls: Number(record?.calls ?? 0), usec: Number(record?.usec ?? 0) };
    })
    // The INFO that reads these is counted only once it has run: what is here is the check's alone.
    .filter((c) => c.calls > 0 && c.name !== "config|resetstat");
  const footprintCalls = footprint.reduce((sum, c) => sum + c.calls, 0);
  const footprintUsec = footprint.reduce((sum, c) => sum + c.usec, 0);
  const footprintErrors = Number(stats.fields.total_error_replies ?? 0);

  // 2. The runbook's loop: redis-cli info memory, one instance after another.
  const cli: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    cli.push(
      await timed(async () => {
        for (const p of ports) await run("redis-cli", ["-p", String(p), "info", "memory"]).catch(() => undefined);
      }),
    );
  }

  // 3. redis_exporter's multi-target scrape, at the checker's concurrency.
  const exporterPort = await freePort();
  exporter = spawn("prometheus-redis-exporter", ["-web.listen-address", `127.0.0.1:${exporterPort}`, "-redis.addr", ""], {
    stdio: "ignore",
  });
  const scrape = (p: number) =>
    fetch(`http://127.0.0.1:${exporterPort}/scrape?target=redis://127.0.0.1:${p}`).then((r) => r.text());
  for (let i = 0; i < 50; i++) {
    if (
      await scrape(ports[0] as number).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const exp: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    exp.push(
      await timed(async () => {
        const limiter = new Limiter(DEFAULT_CONCURRENCY);
        await Promise.all(ports.map((p) => limiter.run(() => scrape(p))));
      }),
    );
  }

  // The bundled handler: size, cold start, and peak memory over a fleet of FLEET endpoints.
  const bundle = join(ROOT, "dist", "lambda", "check.cjs");
  const baseline = join(ROOT, "dist", "baseline", "lambda", "check.cjs");
  const fleetDoc = JSON.stringify({
    endpoints: Array.from({ length: FLEET }, (_, i) => ({
      name: `fleet-${i}`,
      host: "127.0.0.1",
      port: servers[i % servers.length]?.port,
    })),
  });
  fleetSecrets = new SecretsResponder({ fleet: fleetDoc });
  const secretsUrl = await fleetSecrets.start();
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_PATH: join(ROOT, "node_modules"),
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
    ENDPOINTS_SECRET_IDS: "fleet",
    ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:bench",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    // As deployed: the stack sets the same NODE_OPTIONS on the function.
    NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
  };
  const coldStart = async (file: string) => {
    const times: number[] = [];
    for (let r = 0; r < 10; r++) {
      const t = performance.now();
      await run(process.execPath, ["-e", `require(${JSON.stringify(file)}); process.stdout.write("ready")`], {
        env,
        cwd: tmpdir(),
      });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const nodeTimes: number[] = [];
  for (let r = 0; r < 10; r++) nodeTimes.push(await timed(() => run(process.execPath, ["-e", "0"], { env })));
  const nodeAlone = median(nodeTimes);
  const fleetRun = async (file: string) => {
    const r = await invokeBundle(file, { notify: false }, env, { remainingMs: 120_000, requestId: "bench", cwd: tmpdir() });
    if (!r.ok || !r.report) throw new Error(`the fleet run failed: ${r.error?.message}`);
    return { ms: r.handlerMs, maxRssKiB: r.maxRssKiB, nodes: r.report.endpoints.length };
  };
  const [coldMin, coldBase] = [await coldStart(bundle), await coldStart(baseline)];
  // Peak RSS varies by several MiB from run to run (GC timing): the median of three runs.
  const fleetMedian = async (file: string) => {
    const runs = [await fleetRun(file), await fleetRun(file), await fleetRun(file)];
    return { ms: median(runs.map((r) => r.ms)), maxRssKiB: median(runs.map((r) => r.maxRssKiB)), nodes: runs[0]?.nodes ?? 0 };
  };
  const [fleetMin, fleetBase] = [await fleetMedian(bundle), await fleetMedian(baseline)];

  // The day a fleet breaks: OUTAGE endpoints in one scheduled invocation (the servers above, a tenth of them
  // fragmented), alerting through SNS on loopback (fauxqs, which enforces SNS's 256 KB limit).
  fauxqs = await startFauxqs({ port: 0, logger: false, messageSpies: true });
  const topicArn = fauxqs.createTopic("bench-alerts").topicArn;
  const outageSecrets = new SecretsResponder({
    outage: JSON.stringify({
      endpoints: Array.from({ length: OUTAGE }, (_, i) => ({
        name: `outage-${i}`,
        host: "127.0.0.1",
        port: servers[i % servers.length]?.port,
      })),
    }),
  });
  const outageUrl = await outageSecrets.start();
  const outage = await invokeBundle(
    bundle,
    { mode: "check" },
    {
      ...env,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: outageUrl,
      AWS_ENDPOINT_URL_SNS: fauxqs.address,
      ENDPOINTS_SECRET_IDS: "outage",
      ALERT_TOPIC_ARN: topicArn,
      // As in production: a log line and a set of EMF metrics per endpoint.
      POWERTOOLS_LOG_LEVEL: "INFO",
      POWERTOOLS_METRICS_DISABLED: "false",
    },
    { remainingMs: 120_000, cwd: tmpdir() },
  );
  await outageSecrets.stop();
  const outageMessage = fauxqs.spy.getAllMessages().find((m) => m.service === "sns") as { body: string } | undefined;
  const outageBytes = outageMessage ? Buffer.byteLength(outageMessage.body) : 0;
  const outageCounts = outage.report?.counts;
  // The bundled CLI's start-up, whole processes against one healthy instance.
  const startup = cliStartupReport(measureCliStartup(probe.port));
  // The MCP server against the same instance: spawn to initialize, then one get_memory_report call.
  const mcp = mcpReport(await measureMcp(probe.port));
  // Forecasts' history: a 1,000-endpoint run with and without it, and a state item's size.
  const history = historyReport(await measureHistory());

  const sizeKiB = statSync(bundle).size / 1024;
  const baseKiB = statSync(baseline).size / 1024;

  // Report
  const c = median(core);
  const l = median(cli);
  const e = median(exp);
  const lines = [
    "",
    `Fleet check: ${N} instances + 1 closed port, ${ROUNDS} rounds, medians (last report: ${lastStatus})`,
    `  1. redis-memory-checker core (concurrency ${DEFAULT_CONCURRENCY}):  ${ms(c)}   baseline`,
    `  2. redis-cli -p PORT info memory, one by one:      ${ms(l)}   ${(l / c).toFixed(1)}x the checker's time`,
    `  3. redis_exporter /scrape?target= (concurrency ${DEFAULT_CONCURRENCY}): ${ms(e)}   ${(e / c).toFixed(1)}x the checker's time`,
    "",
    `Footprint of one check on a standalone server (INFO commandstats): ${footprintCalls} commands (${footprint.map((c) => `${c.name} x${c.calls}`).join(", ")}), ${footprintUsec} µs of server time, ${footprintErrors} error replies`,
    "",
    `Bundled handler (dist/lambda/check.cjs) against the unminified, untree-shaken baseline`,
    `  size:        ${sizeKiB.toFixed(1)} KiB   (baseline ${baseKiB.toFixed(1)} KiB, ${(sizeKiB / baseKiB).toFixed(2)}x)`,
    `  cold start:  ${ms(coldMin)} from a fresh node process to the handler loaded (baseline ${ms(coldBase)}, ${(coldMin / coldBase).toFixed(2)}x; node alone ${ms(nodeAlone)})`,
    `  ${FLEET} endpoints in one invocation: ${ms(fleetMin.ms)}, peak RSS ${(fleetMin.maxRssKiB / 1024).toFixed(1)} MiB (baseline ${ms(fleetBase.ms)}, ${(fleetBase.maxRssKiB / 1024).toFixed(1)} MiB)`,
    `  throughput:  ${Math.round((FLEET / fleetMin.ms) * 60_000).toLocaleString("en")} endpoints per minute on loopback`,
    `  ${OUTAGE} endpoints, alerting (${outageCounts ? `${outageCounts.OK} OK, ${outageCounts.WARNING} WARNING, ${outageCounts.CRITICAL} CRITICAL, ${outageCounts.UNKNOWN} UNKNOWN` : outage.error?.message}): ${ms(outage.handlerMs)}, peak RSS ${(outage.maxRssKiB / 1024).toFixed(1)} MiB, one message of ${outageBytes.toLocaleString("en")} bytes (SNS limit 262,144)`,
    "",
    ...startup.figures,
    ...history.figures,
    "",
    ...mcp,
    "",
    "Targets",
    `  complete report on ${N} instances < ${TARGETS.reportMs} ms: ${verdict(c < TARGETS.reportMs, ms(c - TARGETS.reportMs))}`,
    `  >= ${TARGETS.vsRedisCli}x faster than the redis-cli loop: ${verdict(l / c >= TARGETS.vsRedisCli, `${(TARGETS.vsRedisCli - l / c).toFixed(1)}x`)}`,
    `  faster than redis_exporter: ${verdict(e > c, ms(c - e))}`,
    `  bundle < ${TARGETS.bundleKiB} KB: ${verdict(sizeKiB * 1.024 < TARGETS.bundleKiB, `${(sizeKiB * 1.024 - TARGETS.bundleKiB).toFixed(0)} KB`)}`,
    `  cold start < ${TARGETS.coldStartMs} ms: ${verdict(coldMin < TARGETS.coldStartMs, ms(coldMin - TARGETS.coldStartMs))}`,
    `  peak memory for ${FLEET} endpoints < ${TARGETS.peakMiB} MB: ${verdict(fleetMin.maxRssKiB / 1024 < TARGETS.peakMiB, `${(fleetMin.maxRssKiB / 1024 - TARGETS.peakMiB).toFixed(1)} MiB`)}`,
    `  ${OUTAGE} endpoints < ${TARGETS.outageMs / 1000} s: ${verdict(outage.ok && outage.handlerMs < TARGETS.outageMs, ms(outage.handlerMs - TARGETS.outageMs))}`,
    `  ${OUTAGE} endpoints < ${TARGETS.outagePeakMiB} MiB: ${verdict(outage.maxRssKiB / 1024 < TARGETS.outagePeakMiB, `${(outage.maxRssKiB / 1024 - TARGETS.outagePeakMiB).toFixed(1)} MiB`)}`,
    `  one message under SNS's limit: ${verdict(outageBytes > 0 && outageBytes < 262_144, `${outageBytes} bytes`)}`,
    `  no error replies on the servers it watches: ${verdict(footprintErrors === 0, `${footprintErrors} error replies`)}`,
    ...startup.targets,
    ...history.targets,
  ];
  missed = lines.some((l) => l.includes(": MISSED by"));
  console.log(lines.join("\n"));
  writeFileSync(join(tmpdir(), "redis-memory-checker-bench.txt"), `${lines.join("\n")}\n`);
} finally {
  exporter?.kill();
  await fauxqs?.stop();
  await fleetSecrets?.stop().catch(() => undefined);
  await Promise.all(servers.map((s) => s.stop()));
}
process.exit(missed ? 1 : 0);
