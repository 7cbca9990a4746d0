import type { Redis } from "ioredis";
import { type DoctorVerdict, parseDoctor } from "../../core/parsing/doctor.js";
import { type ParsedInfo, parseInfo } from "../../core/parsing/info.js";
import { type MemorySnapshot, memorySnapshot, unusableInfo } from "../../core/parsing/memory.js";
import { type DefragConfig, parseDefragConfig } from "../../core/vocabulary/facts.js";
import { printable } from "../../core/vocabulary/printable.js";

export interface NodeReading {
  info: ParsedInfo;
  memory: MemorySnapshot;
  defrag?: DefragConfig;
  /** Why CONFIG GET failed (renamed, disabled on managed services, ACL): the repair path depends on it. */
  configError?: string;
  doctor?: DoctorVerdict;
  /** `CLUSTER NODES`, when asked for and the server is in cluster mode. */
  clusterNodes?: string;
  /** Why CLUSTER NODES failed on a cluster seed: the rest of the cluster could not be listed. */
  discoveryError?: string;
}

/**
 * One round trip: INFO, INFO debug, CONFIG GET *defrag* and MEMORY DOCTOR; only INFO is required. `INFO
 * debug` carries Lua's share of the allocator on Redis 7.4+ (which its allocator_frag_ratio leaves out); older
 * servers and Valkey answer it with an empty text, never an error. A seed whose INFO says `cluster_enabled:1`
 * is asked for CLUSTER NODES in a second round trip: asking a standalone server would answer with an error,
 * counted in its `total_error_replies` and everyone's error dashboards.
 */
export async function readNode(redis: Redis, options: { discover?: boolean } = {}): Promise<NodeReading> {
  const results = (await redis.pipeline().info().info("debug").config("GET", "*defrag*").call("MEMORY", "DOCTOR").exec()) ?? [];
  const [infoResult, debugResult, configResult, doctorResult] = results;
  if (!infoResult || infoResult[0]) throw infoResult?.[0] ?? new Error("INFO returned nothing");
  const debug = debugResult && !debugResult[0] ? String(debugResult[1]) : "";
  const info = parseInfo(`${String(infoResult[1])}\r\n${debug}`);
  const memory = memorySnapshot(info);
  if (!memory) throw new Error(unusableInfo(info));
  const reading: NodeReading = { info, memory };
  if (configResult?.[0]) reading.configError = configResult[0].message;
  else if (Array.isArray(configResult?.[1])) reading.defrag = parseDefragConfig(configResult[1] as string[]);
  if (doctorResult && !doctorResult[0]) reading.doctor = parseDoctor(String(doctorResult[1]));
  if (options.discover && memory.clusterEnabled) {
    try {
      reading.clusterNodes = String(await redis.call("CLUSTER", "NODES"));
    } catch (err) {
      reading.discoveryError = printable(err instanceof Error ? err.message : String(err));
    }
  }
  return reading;
}
