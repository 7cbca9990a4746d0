import { isJemalloc } from "../parsing/memory.js";
import type { Rule } from "./rule.js";

/** With libc malloc (or any allocator but jemalloc) there is no active defrag and MEMORY PURGE does nothing. */
export const nonJemallocAllocator: Rule = ({ memory: m }, t) => {
  if (!m.allocator || isJemalloc(m)) return [];
  if ((m.fragmentationRatio ?? 0) <= t.fragmentationWarningRatio) return [];
  if ((m.fragmentationBytes ?? 0) < t.fragmentationWarningMinBytes) return [];
  return [
    {
      code: "NON_JEMALLOC_ALLOCATOR",
      severity: "INFO",
      metric: "mem_allocator",
      measured: m.allocator,
      meaning: `This server uses ${m.allocator}: freed memory stays with it, active defrag is unavailable and MEMORY PURGE does nothing. Its allocator_* figures are placeholders and are not used.`,
      nextStep: "Reclaim with a failover or restart in a quiet window; run a jemalloc build to get active defrag.",
    },
  ];
};
