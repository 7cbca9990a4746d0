/**
 * What the forecasts' history costs: a 1,000-endpoint run with every node's full history (24 samples) against
 * the same run without, medians of 7 each, measured in the same process; and the size of a node's state item
 * with a full history, for the 10,000-endpoint fleet. Runs alone (`npx tsx bench/history.ts`) or from
 * bench/run.ts. Exits non-zero (alone) when a target is missed.
 */
import { ioredisAccess } from "../lambda/adapters/redis/client.js";
import { runCheck } from "../lambda/checker/runCheck.js";
import { advance, type NodeState, stateKey } from "../lambda/core/alerting/lifecycle.js";
import { endpointFromUrl } from "../lambda/core/endpoints/endpoint.js";
import { HISTORY_MAX_SAMPLES, type Sample, sampleOf } from "../lambda/core/forecast/history.js";
import { historyKey } from "../lambda/core/forecast/historyDocument.js";
import type { PreviousObservation } from "../lambda/core/rules/facts.js";
import { RedisServer } from "../scripts/lib/redisServer.js";
import { median } from "./measure.js";

export const HISTORY_TARGETS = {
  /** A run with every node's history within this factor of the same run without: no measurable time. */
  runRatio: 1.1,
  /** A node's state item (DynamoDB's limit is 400 KB; one write unit is 1 KB). */
  itemBytes: 4096,
};

const ENDPOINTS = 1_000;
const SERVERS = 10;
const FLEET = 10_000;

export interface HistoryFigures {
  withoutMs: number;
  withMs: number;
  itemBytes: number;
  fleetBytes: number;
}

export async function measureHistory(): Promise<HistoryFigures> {
  const servers = await Promise.all(Array.from({ length: SERVERS }, () => RedisServer.start()));
  try {
    const entries = Array.from({ length: ENDPOINTS }, (_, i) => ({
      ...endpointFromUrl((servers[i % SERVERS] as RedisServer).url, {}),
      name: `cache-${i}`,
    }));
    // Every node's last day: 23 samples before this run's, growing, from one server process.
    const histories = new Map<string, Sample[]>();
    const first = await runCheck(entries, { redis: ioredisAccess });
    const now = Date.now() / 1000;
    for (const e of first.endpoints) {
      for (const n of e.nodes) {
        const base = sampleOf(n.metrics ?? { usedMemory: 1, engine: "redis" }, new Date());
        histories.set(
          historyKey(e.name, n.address),
          Array.from({ length: HISTORY_MAX_SAMPLES - 1 }, (_, k) => ({
            ...base,
            t: Math.round(now - (23 - k) * 3600),
            used: base.used + k * 1000,
          })),
        );
      }
    }
    const previous = (endpoint: string, address: string): PreviousObservation | undefined => {
      const history = histories.get(historyKey(endpoint, address));
      return history ? { at: new Date().toISOString(), history } : undefined;
    };
    const without: number[] = [];
    const withHistory: number[] = [];
    // Alternating which goes first, so neither run's warm-up or a neighbour's load lands on one side only.
    for (let i = 0; i < 7; i++) {
      const order = i % 2 ? [true, false] : [false, true];
      for (const withIt of order) {
        const t = performance.now();
        await runCheck(entries, { redis: ioredisAccess, ...(withIt ? { previous } : {}) });
        (withIt ? withHistory : without).push(performance.now() - t);
      }
    }
    // The state item of a node with a full history, as the lifecycle writes it.
    const node = first.endpoints[0]?.nodes[0];
    let state: NodeState | undefined;
    let at = new Date(Date.now() - 24 * 3600_000);
    for (let k = 0; k < HISTORY_MAX_SAMPLES + 2 && node; k++) {
      at = new Date(at.getTime() + 3600_000);
      state = advance(state, "cache-0", node, at, { consecutive: 2, reminderMs: 6 * 3600_000 }).next;
    }
    const item = { pk: stateKey("a-long-endpoint-name-of-a-team", "ip-10-100-200-250.ec2.internal:6379"), ...state };
    const itemBytes = Buffer.byteLength(JSON.stringify(item));
    return { withoutMs: median(without), withMs: median(withHistory), itemBytes, fleetBytes: itemBytes * FLEET };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

export function historyReport(f: HistoryFigures): { figures: string[]; targets: string[] } {
  const ratio = f.withMs / f.withoutMs;
  return {
    figures: [
      `  ${ENDPOINTS} endpoints, without history: ${f.withoutMs.toFixed(0)} ms; with every node's ${HISTORY_MAX_SAMPLES}-sample history: ${f.withMs.toFixed(0)} ms (${ratio.toFixed(2)}x, medians of 7)`,
      `  a node's state item with a full history: ${f.itemBytes} bytes; ${FLEET.toLocaleString("en")} endpoints: ${(f.fleetBytes / 1024 / 1024).toFixed(1)} MiB`,
    ],
    targets: [
      `  history within ${HISTORY_TARGETS.runRatio}x of a run without: ${ratio <= HISTORY_TARGETS.runRatio ? "met" : `MISSED by ${(ratio - HISTORY_TARGETS.runRatio).toFixed(2)}x`}`,
      `  state item < ${HISTORY_TARGETS.itemBytes} bytes: ${f.itemBytes < HISTORY_TARGETS.itemBytes ? "met" : `MISSED by ${f.itemBytes - HISTORY_TARGETS.itemBytes} bytes`}`,
    ],
  };
}

if (process.argv[1] && /bench\/history\.ts$/.test(process.argv[1])) {
  const report = historyReport(await measureHistory());
  console.log(["History and forecasts:", ...report.figures, "Targets:", ...report.targets].join("\n"));
  process.exit(report.targets.some((l) => l.includes("MISSED")) ? 1 : 0);
}
