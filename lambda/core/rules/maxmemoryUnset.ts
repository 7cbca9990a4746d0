import { formatBytes } from "../vocabulary/units.js";
import { refusedByService } from "./facts.js";
import type { Rule } from "./rule.js";

/** No maxmemory: Redis grows until the OS kills it or swaps. Advice, with a value to start from. */
export const maxmemoryUnset: Rule = (facts) => {
  const m = facts.memory;
  if (m.maxmemory === undefined || m.maxmemory > 0) return [];
  const bytes = m.totalSystemMemory ? Math.floor(m.totalSystemMemory * 0.75) : undefined;
  const suggestion = m.totalSystemMemory
    ? `about ${formatBytes(bytes ?? 0)} (75% of the host's ${formatBytes(m.totalSystemMemory)})`
    : "about 75% of the host's memory";
  const how = refusedByService(facts)
    ? "in the parameter group (on ElastiCache and MemoryDB, maxmemory follows the node type and reserved-memory-percent)"
    : `with CONFIG SET maxmemory ${bytes ?? "BYTES"}, and in redis.conf so a restart keeps it`;
  return [
    {
      code: "MAXMEMORY_UNSET",
      severity: "INFO",
      metric: "maxmemory",
      measured: 0,
      meaning: "No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.",
      nextStep: `Set maxmemory to ${suggestion}, leaving room for fork copy-on-write and fragmentation, ${how}. The checker does not change it.`,
      summary: "no maxmemory",
    },
  ];
};
