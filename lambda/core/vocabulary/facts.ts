import type { MemorySnapshot } from "../parsing/memory.js";
import type { Status } from "./types.js";

/** The subset of `CONFIG GET *defrag*` the checks use. Undefined where CONFIG is refused (managed services). */
export interface DefragConfig {
  activedefrag?: boolean;
  /** `active-defrag-ignore-bytes`: below this much allocator fragmentation, defrag does not start. */
  ignoreBytes?: number;
  /** `active-defrag-threshold-lower` (percent): below this allocator fragmentation, defrag does not start. */
  thresholdLowerPercent?: number;
}

/** What an earlier check of the same node saw: for defrag progress, trends and the fork rule. */
export interface PreviousObservation {
  at: string;
  status?: Status;
  fragmentationRatio?: number;
  fragmentationBytes?: number;
  allocatorFragBytes?: number;
  activeDefragHits?: number;
  activeDefragTimeMs?: number;
  /** A fork was running then too: a second forking run in a row is no longer held back. */
  forking?: boolean;
}

export interface NodeFacts {
  memory: MemorySnapshot;
  defrag?: DefragConfig;
  previous?: PreviousObservation;
  /** This node is a cluster seed whose CLUSTER NODES failed (the server's message). */
  discoveryError?: string;
  /** CONFIG is refused here (managed services, a renamed command, an ACL): repairs go through the parameter group. */
  configRefused?: boolean;
  /** What the endpoint is used as, when its configuration says: the eviction policy that fits differs. */
  usage?: "cache" | "datastore";
}

/** Parses the flat `[name, value, name, value…]` reply of `CONFIG GET *defrag*`. */
export function parseDefragConfig(reply: readonly string[]): DefragConfig {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) map.set(String(reply[i]), String(reply[i + 1]));
  const num = (k: string) => {
    const v = map.get(k);
    return v === undefined || v === "" || !Number.isFinite(Number(v)) ? undefined : Number(v);
  };
  const enabled = map.get("activedefrag");
  return {
    activedefrag: enabled === undefined ? undefined : enabled === "yes",
    ignoreBytes: num("active-defrag-ignore-bytes"),
    thresholdLowerPercent: num("active-defrag-threshold-lower"),
  };
}
