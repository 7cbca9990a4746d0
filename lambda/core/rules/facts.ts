import type { Sample } from "../forecast/history.js";
import type { DefragConfig } from "../parsing/defragConfig.js";
import type { MemorySnapshot } from "../parsing/memory.js";
import { refusal } from "../parsing/refusals.js";
import type { Status } from "../vocabulary/types.js";

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
  /** The node's recent samples, for forecasts (the state table, or the CLI's --history file). */
  history?: Sample[];
}

/** The node was read from CloudWatch instead of INFO: when, why, and what that leaves unknown. */
export interface CloudWatchFacts {
  /** The newest datapoint's time. */
  at: string;
  reason: string;
  /** INFO was tried and failed (true), or CloudWatch is how this node is read (false). */
  fallback: boolean;
  unavailable: string[];
  perMinute: { activeDefragHits?: number; evictions?: number; swapBytes?: number };
}

/** Everything the rules and the remediation decision know of one node: what was read, and its context. */
export interface NodeFacts {
  memory: MemorySnapshot;
  defrag?: DefragConfig;
  previous?: PreviousObservation;
  /** This node is a cluster seed whose CLUSTER NODES failed (the server's message). */
  discoveryError?: string;
  /** Why CONFIG GET was refused, in the server's words (a managed service, a renamed command, an ACL). */
  configError?: string;
  /** What the endpoint is used as, when its configuration says: the eviction policy that fits differs. */
  usage?: "cache" | "datastore";
  /** Read from CloudWatch: no connection, so settings and repairs go through the parameter group. */
  cloudwatch?: CloudWatchFacts;
  /** The recent samples with this reading's last: what forecasts are made from. */
  history?: Sample[];
  /** Other nodes this run checked on the same host: its memory is theirs too. Known once the run's nodes are. */
  sameHost?: SameHost;
}

/**
 * The nodes one run checked on one host (the same address on other ports, reporting the same
 * total_system_memory), as the node they are counted for sees them.
 */
export interface SameHost {
  /** The host's address, as the nodes' addresses name it. */
  host: string;
  /** Nodes checked there, this one included. */
  nodes: number;
  /** Of those, the ones without a maxmemory limit, this one included. */
  unlimited: number;
  /** The maxmemory the others with a limit already hold. */
  limitedBytes: number;
}

/** CONFIG is refused as a managed service (ElastiCache, MemoryDB) or a renamed command refuses it: settings go through the parameter group. */
export function refusedByService(facts: Pick<NodeFacts, "configError" | "cloudwatch">): boolean {
  return (
    facts.cloudwatch !== undefined || (facts.configError !== undefined && refusal(facts.configError) === "command-unavailable")
  );
}
