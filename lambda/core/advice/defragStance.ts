import { fragmentationCause } from "../analysis/fragmentationCause.js";
import { hasAllocatorFragmentation } from "../analysis/levels.js";
import { isJemalloc } from "../parsing/memory.js";
import { type NodeFacts, refusedByService } from "../rules/facts.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { ActionResult, Finding } from "../vocabulary/types.js";

/**
 * What a node's report says about active defrag, decided once from everything the run knows: the allocator
 * and the build, whether defrag is on, what this run's repair did, and whether today's excess is the kind
 * defrag compacts. Every finding that mentions defrag words its next step from this.
 */
export type DefragStance =
  /** The allocator is not jemalloc (libc): defrag does not exist here. */
  | { kind: "no-jemalloc"; allocator: string }
  /** This build cannot defrag: Valkey on the system jemalloc, or the server refused it as unsupported. */
  | { kind: "build-cannot"; why: "system-jemalloc" | "refused" }
  /** CONFIG is refused (ElastiCache, MemoryDB): the parameter group holds the setting. */
  | { kind: "parameter-group" }
  /** This run turned it on. */
  | { kind: "enabled-now" }
  /** It was on before this run. */
  | { kind: "on" }
  /** Off, and today's excess is allocator fragmentation: turning it on is the fix. */
  | { kind: "cure" }
  /** Off, and today's excess is something defrag does not move: on is prevention only. */
  | { kind: "not-the-cure"; excess: string }
  /** Off, and nothing fragmented today: on is prevention. */
  | { kind: "prevention" };

const EXCESS: Record<string, string> = {
  "allocator-slack": "allocator slack outside the small bins",
  "unmeasured-slack": "allocator slack this build cannot measure",
  "allocator-retained": "pages the allocator retains",
  "process-overhead": "RSS outside the allocator",
  unknown: "not reported by this server",
};

export function defragStance(
  facts: Pick<NodeFacts, "memory" | "defrag" | "configError" | "cloudwatch">,
  findings: readonly Finding[],
  actions: readonly ActionResult[],
  t: Thresholds,
): DefragStance {
  const m = facts.memory;
  if (m.allocator && !isJemalloc(m)) return { kind: "no-jemalloc", allocator: m.allocator };
  if (m.systemJemalloc) return { kind: "build-cannot", why: "system-jemalloc" };
  const defrag = actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
  if (defrag?.outcome === "unsupported") return { kind: "build-cannot", why: "refused" };
  if (defrag?.outcome === "applied") return { kind: "enabled-now" };
  if (facts.defrag?.activedefrag === true) return { kind: "on" };
  if (defrag?.outcome === "command-unavailable" || refusedByService(facts)) return { kind: "parameter-group" };
  if (!findings.some((f) => f.code === "FRAGMENTATION_HIGH")) return { kind: "prevention" };
  if (hasAllocatorFragmentation(m, t)) return { kind: "cure" };
  const cause = fragmentationCause(m, t).cause;
  return { kind: "not-the-cure", excess: EXCESS[cause] ?? cause };
}

/** Whether MEMORY PURGE returns anything here: jemalloc holding at least the bytes worth a purge. */
export function purgeHelps(facts: Pick<NodeFacts, "memory">, t: Thresholds): boolean {
  const m = facts.memory;
  return isJemalloc(m) && (m.allocatorRssBytes ?? 0) >= t.purgeMinBytes;
}
