import { NOTHING_TO_DO } from "../vocabulary/types.js";
import { formatBytes } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * MEMORY DOCTOR calls an instance with under 5 MiB allocated "empty" and checks nothing: an empty Redis 7
 * reports a fragmentation ratio near 7.5 on under 1 MB of data, which means nothing.
 */
export const emptyInstance: Rule = ({ memory }, t) =>
  memory.usedMemory < t.emptyBelowBytes
    ? [
        {
          code: "EMPTY_INSTANCE",
          severity: "INFO",
          metric: "used_memory",
          measured: memory.usedMemory,
          threshold: t.emptyBelowBytes,
          meaning: `Only ${formatBytes(memory.usedMemory)} in use: fragmentation ratios mean nothing at this size (as in MEMORY DOCTOR).`,
          nextStep: NOTHING_TO_DO,
        },
      ]
    : [];
