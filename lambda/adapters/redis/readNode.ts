import type { Redis } from "ioredis";
import { type DoctorVerdict, parseDoctor } from "../../core/doctor.js";
import { type DefragConfig, parseDefragConfig } from "../../core/facts.js";
import { type ParsedInfo, parseInfo } from "../../core/info.js";
import { type MemorySnapshot, memorySnapshot } from "../../core/memory.js";

export interface NodeReading {
  info: ParsedInfo;
  memory: MemorySnapshot;
  defrag?: DefragConfig;
  /** Why CONFIG GET failed (renamed, disabled on managed services, ACL): the repair path depends on it. */
  configError?: string;
  doctor?: DoctorVerdict;
  /** `CLUSTER NODES`, when asked for and the server is in cluster mode. */
  clusterNodes?: string;
}

/**
 * One round trip: INFO, CONFIG GET *defrag*, MEMORY DOCTOR and, for a seed node, CLUSTER NODES (an error
 * on a standalone server, ignored). Only INFO is required.
 */
export async function readNode(redis: Redis, options: { discover?: boolean } = {}): Promise<NodeReading> {
  const pipeline = redis.pipeline().info().config("GET", "*defrag*").call("MEMORY", "DOCTOR");
  if (options.discover) pipeline.call("CLUSTER", "NODES");
  const results = (await pipeline.exec()) ?? [];
  const [infoResult, configResult, doctorResult, clusterResult] = results;
  if (!infoResult || infoResult[0]) throw infoResult?.[0] ?? new Error("INFO returned nothing");
  const info = parseInfo(String(infoResult[1]));
  const memory = memorySnapshot(info);
  if (!memory) throw new Error("INFO has no used_memory field: not a Redis memory report");
  const reading: NodeReading = { info, memory };
  if (configResult?.[0]) reading.configError = configResult[0].message;
  else if (Array.isArray(configResult?.[1])) reading.defrag = parseDefragConfig(configResult[1] as string[]);
  if (doctorResult && !doctorResult[0]) reading.doctor = parseDoctor(String(doctorResult[1]));
  if (clusterResult && !clusterResult[0] && memory.clusterEnabled) reading.clusterNodes = String(clusterResult[1]);
  return reading;
}
