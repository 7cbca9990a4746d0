import { formatBytes } from "../vocabulary/units.js";
import { type NodeFacts, refusedByService, type SameHost } from "./facts.js";
import type { Rule } from "./rule.js";

/** The share of a host's memory maxmemory may take, leaving room for fork copy-on-write and fragmentation. */
const HOST_SHARE = 0.75;

const ROOM = "leaving room for fork copy-on-write and fragmentation";

/**
 * No maxmemory: Redis grows until the OS kills it or swaps. Advice, with a value to start from: 75% of the
 * host's memory, divided among the instances this run checked on the same host (less what those with a limit
 * already hold).
 */
export const maxmemoryUnset: Rule = (facts) => {
  const m = facts.memory;
  if (m.maxmemory === undefined || m.maxmemory > 0) return [];
  const shared = facts.sameHost && facts.sameHost.nodes > 1 ? facts.sameHost : undefined;
  const others = shared ? shared.nodes - 1 : 0;
  return [
    {
      code: "MAXMEMORY_UNSET",
      severity: "INFO",
      metric: "maxmemory",
      measured: 0,
      meaning: `No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.${
        shared
          ? ` It shares its host (${shared.host}) with ${others} other instance${others > 1 ? "s" : ""} this run checked.`
          : ""
      }`,
      nextStep: nextStep(facts, m.totalSystemMemory, shared),
      summary: "no maxmemory",
    },
  ];
};

function nextStep(facts: NodeFacts, total: number | undefined, shared: SameHost | undefined): string {
  const budget = total ? Math.floor(total * HOST_SHARE) - (shared?.limitedBytes ?? 0) : undefined;
  if (shared && total && budget !== undefined && budget <= 0) {
    return `The maxmemory of the other instances this run checked on ${shared.host} already adds up to ${formatBytes(shared.limitedBytes)}, ${HOST_SHARE * 100}% or more of the host's ${formatBytes(total)}: lower theirs to make room for a limit here, ${ROOM}. The checker does not change it.`;
  }
  const bytes = budget !== undefined ? Math.floor(budget / (shared?.unlimited ?? 1)) : undefined;
  const suggestion = suggest(total, bytes, shared);
  const how = refusedByService(facts)
    ? "in the parameter group (on ElastiCache and MemoryDB, maxmemory follows the node type and reserved-memory-percent)"
    : `with CONFIG SET maxmemory ${bytes ?? "BYTES"}, and in redis.conf so a restart keeps it`;
  return `Set maxmemory to ${suggestion}, ${ROOM}, ${how}. The checker does not change it.`;
}

/** `about 3.0 GiB: 75% of the host's 16.0 GiB, shared by the 4 instances this run checked on 10.0.0.5`. */
function suggest(total: number | undefined, bytes: number | undefined, shared: SameHost | undefined): string {
  const pct = `${HOST_SHARE * 100}%`;
  if (!shared)
    return total
      ? `about ${formatBytes(bytes ?? 0)} (${pct} of the host's ${formatBytes(total)})`
      : `about ${pct} of the host's memory`;
  const among =
    shared.unlimited === shared.nodes
      ? `the ${shared.nodes} instances this run checked on ${shared.host}`
      : `the ${shared.unlimited} instances without a limit among the ${shared.nodes} this run checked on ${shared.host}`;
  if (!total) return `about ${pct} of the host's memory divided among ${among}`;
  const less =
    shared.limitedBytes > 0 ? `, less the ${formatBytes(shared.limitedBytes)} the others' maxmemory already holds` : "";
  return `about ${formatBytes(bytes ?? 0)}: ${pct} of the host's ${formatBytes(total)}${less}, shared by ${among}`;
}
