import type { FindingCode } from "./types.js";

/**
 * What each finding code means, when it fires and what to do, for a reader who has only the code: the MCP
 * server's explanation tool, and anyone reading a report without the docs. Keyed by FindingCode, so a new
 * code without an entry fails the compile; `severity` and `when` are docs/checks.md's findings table, cell
 * for cell (test/unit/vocabulary/findingGuide.test.ts), so the two cannot drift apart. A report's own finding
 * says more (its figures, where the memory lives, the next step for that node); this is the code's general sense.
 */
export interface FindingGuide {
  /** The severities it can carry, as docs/checks.md writes them: `info`, `WARNING / CRITICAL`… */
  severity: string;
  /** When it fires: docs/checks.md's "When" cell, in Markdown. */
  when: string;
  /** What it means. */
  meaning: string;
  /** What to do about it. */
  whatToDo: string;
}

export const FINDING_GUIDE: Readonly<Record<FindingCode, FindingGuide>> = {
  EMPTY_INSTANCE: {
    severity: "info",
    when: "`used_memory` under 5 MiB. An empty Redis 7.0 reports a ratio of 7 to 13 on under 1 MiB; MEMORY DOCTOR skips such instances, and so do the ratio checks.",
    meaning:
      "The instance holds almost no data, so its ratios are noise: the few MiB every process keeps, over under 5 MiB of data, make a mem_fragmentation_ratio of 7 to 13 that means nothing.",
    whatToDo: "Nothing. Do not act on mem_fragmentation_ratio here; it is judged again once the instance holds data.",
  },
  FRAGMENTATION_HIGH: {
    severity: "WARNING / CRITICAL",
    when: "ratio above 2 with at least 50 MiB of RSS over used memory (WARNING); above 4 with at least 100 MiB (CRITICAL). The text names where the memory lives and what helps. During a fork it is not raised above the previous check's level on that run alone.",
    meaning:
      "The process's RSS is well above the memory Redis uses for data, by enough bytes to matter. The ratio alone does not say why: the finding splits the excess into allocator fragmentation (half-empty pages active defrag can compact), pages the allocator retains (MEMORY PURGE may return them), process overhead (Lua, modules, fork copy-on-write) and memory kept since an earlier peak.",
    whatToDo:
      "Follow the finding's own next step, which depends on where the memory lives: active defrag only for allocator fragmentation on a build with Redis's bundled jemalloc (CONFIG SET activedefrag yes, or the parameter group on ElastiCache and MemoryDB), MEMORY PURGE for retained pages, nothing for a peak that growing data will reuse. A failover or restart reclaims it all when neither repair applies.",
  },
  FRAGMENTATION_MODERATE: {
    severity: "info",
    when: 'MEMORY DOCTOR\'s "High total RSS" (ratio above 1.4 and over 10 MiB) below the alert levels.',
    meaning:
      "RSS is above used memory by more than Redis's own MEMORY DOCTOR notices, but below the levels worth an alert: reported so that the report never contradicts the doctor.",
    whatToDo: "Nothing now; watch the trend. Active defrag, where the build has it, keeps fragmentation from building up.",
  },
  FRAGMENTATION_SMALL: {
    severity: "info",
    when: "a high ratio on a few MiB: not worth an alert.",
    meaning: "The ratio is high, but the memory behind it is a few MiB: the fixed overhead of the process over a small dataset.",
    whatToDo: "Nothing: neither an alert nor a repair is worth it.",
  },
  ALLOCATOR_FRAGMENTATION: {
    severity: "info",
    when: "allocator fragmentation, as the server defines it (see [Versions and allocators](#versions-and-allocators)), above 1.1 and over 10 MiB: the **only** part active defrag fixes.",
    meaning:
      "Pages jemalloc holds that are only partly used: the one part of fragmentation that active defrag moves and compacts. Measured as each server defines it (Redis 7.4+ and Valkey 8+ count only small-bin slack).",
    whatToDo:
      "Where it is behind a FRAGMENTATION_HIGH, turn on active defrag (CONFIG SET activedefrag yes, or the parameter group on ElastiCache and MemoryDB): the checker's repair does so in mode on. Builds linked with the system jemalloc (Debian's redis-server) refuse it.",
  },
  ALLOCATOR_RSS_RETAINED: {
    severity: "info",
    when: "`allocator_rss_ratio` above 1.1 and over 10 MiB: pages jemalloc keeps (and, where reported, muzzy pages already released lazily); `MEMORY PURGE` may return them, defrag does not.",
    meaning: "Pages jemalloc keeps resident after their data was freed: not fragmentation that active defrag moves.",
    whatToDo:
      'MEMORY PURGE may return them to the operating system (the checker sends it only with "purge": true and at least 32 MiB retained); otherwise jemalloc reuses them as data grows.',
  },
  RSS_OVERHEAD: {
    severity: "info",
    when: "`rss_overhead_ratio` above 1.1 and over 10 MiB: Lua, modules, fork copy-on-write; neither repair helps.",
    meaning: "Memory of the process outside the allocator: code, Lua, modules, and while a fork runs its copy-on-write pages.",
    whatToDo:
      "Neither active defrag nor MEMORY PURGE helps. If a fork is running, check again after it ends; otherwise look at Lua and modules.",
  },
  PEAK_RETAINED: {
    severity: "info",
    when: "`used_memory_peak` above 1.5x `used_memory`: memory kept since a peak (and when, where the server says: `used_memory_peak_time`, Redis 8.2+), not a leak.",
    meaning: "Used memory was much higher earlier; memory freed since then can stay with the process. Not a leak.",
    whatToDo:
      "Nothing: it is reused when data grows back. If the peak will not return and the memory is needed, a failover or restart reclaims it (MEMORY PURGE returns only the pages jemalloc retains).",
  },
  SWAPPED_OUT: {
    severity: "WARNING / CRITICAL",
    when: "ratio below 1 (below 0.8: CRITICAL) with over 10 MiB missing: the OS has paged Redis out.",
    meaning:
      "RSS is below used memory: the operating system has moved part of Redis to swap, and every access to those pages waits for the disk.",
    whatToDo: "Urgent: free memory on the host or move the instance, and set maxmemory below what the host can hold in RAM.",
  },
  MAXMEMORY_PRESSURE: {
    severity: "WARNING / CRITICAL",
    when: "`used_memory` at or above 80% of `maxmemory` (WARNING); at or above 95% CRITICAL only under `noeviction` or `volatile-*`, where a full Redis refuses writes. An `allkeys-*` cache at its limit is evicting as designed and stays WARNING.",
    meaning:
      "Used memory is close to maxmemory. Under noeviction or volatile-* a full Redis refuses writes with OOM errors; under allkeys-* it evicts keys, as a cache should.",
    whatToDo:
      "Find what grows (keys without TTL, large keys: MEMORY USAGE), then raise maxmemory or scale out; for a cache that evicts by design, watch the hit rate.",
  },
  MAXMEMORY_UNSET: {
    severity: "info",
    when: "no `maxmemory`: a suggested value and the command: 75% of the host's memory, divided among the nodes one run checks on that host (less what their own limits hold). Never set by the checker.",
    meaning: "No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.",
    whatToDo:
      "Set maxmemory to the value the finding suggests (its command, and the same in the configuration file); the checker never sets it.",
  },
  MAXMEMORY_FORECAST: {
    severity: "info / WARNING / CRITICAL",
    when: "used memory growing toward `maxmemory` (or the host's memory where none is set), fitted over the node's recent history (see [Forecasts](#forecasts)): WARNING when the limit is projected within `forecastWarningHours` (6), CRITICAL within `forecastCriticalHours` (1), where a full node refuses writes (`noeviction`, `volatile-*`, or no limit); information on a cache that evicts by design. The rate, the projected time and how sure the fit is.",
    meaning: "At the rate used memory has grown over recent checks, it reaches its limit soon.",
    whatToDo:
      "Find what grows (keys without TTL, a queue not drained, MEMORY USAGE on the largest keys) before it is full; raise maxmemory or scale out if the growth is expected.",
  },
  FRAGMENTATION_RISING: {
    severity: "info",
    when: "the fragmentation ratio climbing run after run while used memory stays flat (within 5%), below the warning ratio: when it would cross it at that pace.",
    meaning: "Fragmentation is building up: the ratio climbs from check to check while the data does not grow.",
    whatToDo: "Churn of values of changing sizes fragments memory: enable active defrag before it builds up (activedefrag yes).",
  },
  NOEVICTION_POLICY: {
    severity: "info",
    when: "`noeviction` on an endpoint whose `usage` is not configured: what it means for a cache and for a datastore. Never changed by the checker.",
    meaning:
      "maxmemory-policy noeviction: when full, writes fail instead of keys being evicted. Right for a datastore, wrong for a cache.",
    whatToDo:
      'Say what the endpoint is ("usage": "cache" or "datastore" in the endpoints document); for a cache, choose an allkeys-* policy. The checker never changes it.',
  },
  EVICTION_POLICY_MISMATCH: {
    severity: "info",
    when: "the policy does not fit the endpoint's `usage`: a `cache` on `noeviction` (writes fail when full), a `datastore` on `allkeys-*` (keys are lost). The fix, never applied by the checker.",
    meaning:
      "The eviction policy contradicts the endpoint's declared usage: a cache on noeviction fails writes when full; a datastore on allkeys-* loses keys.",
    whatToDo: "Change maxmemory-policy to fit the usage (the finding gives the command); the checker never applies it.",
  },
  ACTIVE_DEFRAG_OFF: {
    severity: "info",
    when: "the runbook's checklist item: defrag off on a jemalloc build (`CONFIG SET activedefrag yes`), unreadable where CONFIG is refused (the parameter-group setting), or unavailable on libc.",
    meaning:
      "Active defrag is off on a build that has it (or unreadable where CONFIG is refused, or unavailable on libc): fragmentation can build up unattended.",
    whatToDo:
      "Turn it on in the configuration file or the parameter group (activedefrag yes) as prevention. The checker's repair turns it on at run time only where allocator fragmentation is behind a FRAGMENTATION_HIGH.",
  },
  ACTIVE_DEFRAG: {
    severity: "info",
    when: "defrag is on: running, idle, or paused by a fork; since the previous check how long it ran (`total_active_defrag_time`), how many allocations it moved (`active_defrag_hits`) and what allocator fragmentation did.",
    meaning: "Active defrag is on: whether it runs, idles or waits for a fork, and what it did since the previous check.",
    whatToDo:
      "Nothing, unless allocator fragmentation stays high while defrag idles: then look at active-defrag-ignore-bytes and active-defrag-threshold-lower.",
  },
  NON_JEMALLOC_ALLOCATOR: {
    severity: "info",
    when: "libc (or another allocator) and high fragmentation: freed memory stays with it, no defrag, `MEMORY PURGE` does nothing; its `allocator_*` figures are placeholders, never used.",
    meaning:
      "The server uses libc malloc (or another allocator than jemalloc) and is fragmented: freed memory stays with the allocator, there is no active defrag, and MEMORY PURGE does nothing.",
    whatToDo: "A failover or restart reclaims the memory; for the long run, use a build with jemalloc.",
  },
  LOADING: {
    severity: "UNKNOWN",
    when: "the server is loading its dataset: memory verdicts are held (how far, and the time to go, are said).",
    meaning:
      "The server is loading its dataset (after a restart or a full sync): memory figures are still moving, so no memory verdict is given.",
    whatToDo: "Check again once loading is done; the finding says how far it is and the time to go.",
  },
  FORK_IN_PROGRESS: {
    severity: "info",
    when: "a BGSAVE, AOF rewrite, module fork or (Valkey 9.0+) atomic slot migration is running: copy-on-write inflates RSS, and active defrag waits for it. A Redis 8.4+ cluster node's slot migration snapshot shows as a BGSAVE.",
    meaning: "A child process is running: its copy-on-write pages count in RSS, and active defrag waits for it to end.",
    whatToDo: "Nothing: check again after the fork ends. A worse fragmentation verdict is held back on this run alone.",
  },
  INFO_FIELD_INVALID: {
    severity: "info",
    when: "`INFO` reported a value no server could (a negative byte count, text where a number belongs): named, treated as absent, and the checks that need it skipped. A `used_memory` that cannot be true makes the node `UNKNOWN`.",
    meaning: "INFO reported a value no server could; it is treated as absent, and the checks that need it are skipped.",
    whatToDo: "Compare with INFO memory on the server itself: a proxy or an unusual build may rewrite fields.",
  },
  CLUSTER_DISCOVERY_FAILED: {
    severity: "UNKNOWN",
    when: "a cluster seed refused `CLUSTER NODES` (an ACL without `+cluster|nodes`): only the seed was checked.",
    meaning: "The cluster seed refused CLUSTER NODES, so only the seed was checked, not the other nodes behind the endpoint.",
    whatToDo: "Grant the checker's ACL user +cluster|nodes (the minimal ACL is in docs/deploying.md).",
  },
  CHECK_FAILED: {
    severity: "UNKNOWN",
    when: "the node could not be checked: refused, timeout, TLS, authentication, ACL, or another service on the port (`NOT_REDIS`: what it answered is named).",
    meaning: "The node could not be checked, so its memory is unknown; the error code (measured) names the cause.",
    whatToDo: "Act on the error's cause (its code and message); the other endpoints of the run were still checked.",
  },
  CLOUDWATCH_READING: {
    severity: "info / WARNING",
    when: "a managed node judged on CloudWatch's figures: when, why (WARNING when `INFO` was tried and failed), and what CloudWatch cannot say (see [Managed fleets](fleets.md#managed-fleets-elasticache-elasticache-serverless-memorydb)).",
    meaning:
      "A managed node judged on CloudWatch's metrics instead of INFO: figures up to minutes old, and some (allocator fragmentation, the eviction policy) unknown.",
    whatToDo:
      "Nothing if the endpoint is meant to be read that way; a WARNING means INFO was tried and failed: make the node reachable from the checker for a full reading.",
  },
};
