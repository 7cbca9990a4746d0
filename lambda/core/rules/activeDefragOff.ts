import { isJemalloc } from "../parsing/memory.js";
import { refusedByService } from "./facts.js";
import type { Rule } from "./rule.js";

/**
 * The runbook's checklist item: active defrag enabled where the build supports it, before fragmentation
 * builds up. Off on a jemalloc build: the command that turns it on. Off, or unreadable, where CONFIG is
 * refused (managed services): the parameter-group setting. libc: not available at all.
 */
export const activeDefragOff: Rule = (facts) => {
  const { memory: m, defrag } = facts;
  if (!m.allocator) return [];
  const base = { code: "ACTIVE_DEFRAG_OFF", severity: "INFO", metric: "activedefrag", summary: "active defrag off" } as const;
  if (!isJemalloc(m)) {
    return [
      {
        ...base,
        measured: m.allocator,
        meaning: `Active defrag is not available: this server uses ${m.allocator}, and active defrag needs jemalloc.`,
        nextStep: "Run a jemalloc build (the default of Redis's and Valkey's own builds) where fragmentation matters.",
      },
    ];
  }
  if (defrag?.activedefrag === false && defrag.source === "parameter-group") {
    return [
      {
        ...base,
        measured: "no (parameter group)",
        meaning:
          "Active defrag is off in this node's parameter group: fragmentation that builds up is only reclaimed by a restart or failover.",
        nextStep:
          "Set activedefrag yes in the cluster's custom parameter group (a default group cannot be changed: copy it first).",
      },
    ];
  }
  if (defrag?.activedefrag === false) {
    return [
      {
        ...base,
        measured: "no",
        meaning: "Active defrag is off: fragmentation that builds up is only reclaimed by a restart.",
        nextStep:
          "CONFIG SET activedefrag yes, and activedefrag yes in redis.conf so a restart keeps it. Builds linked with the system jemalloc (Debian's and Ubuntu's packages) refuse it; Redis's own builds accept it.",
      },
    ];
  }
  if (defrag === undefined && refusedByService(facts)) {
    return [
      {
        ...base,
        measured: "unknown",
        meaning: "Whether active defrag is on cannot be read here: CONFIG is refused (as on ElastiCache and MemoryDB).",
        nextStep: "On ElastiCache or MemoryDB, set activedefrag yes in the cluster's custom parameter group.",
      },
    ];
  }
  return [];
};
