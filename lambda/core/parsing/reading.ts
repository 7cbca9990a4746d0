import { printable } from "../vocabulary/printable.js";
import { type DefragConfig, parseDefragConfig } from "./defragConfig.js";
import { type DoctorVerdict, parseDoctor } from "./doctor.js";
import { type ParsedInfo, parseInfo } from "./info.js";
import { type MemorySnapshot, memorySnapshot, unusableInfo } from "./memory.js";

/** One round trip's replies, as the server sent them (the Redis adapter's whole job is to fetch these). */
export interface RawReading {
  info: string;
  /** `INFO debug`: Lua's share of the allocator on Redis 7.4+; empty on servers without the section. */
  debug?: string;
  /** `CONFIG GET *defrag*`, or why it was refused. */
  config?: readonly string[];
  configError?: string;
  /** `MEMORY DOCTOR`, when it answered. */
  doctor?: string;
}

/** What the checks read from one node. */
export interface NodeReading {
  info: ParsedInfo;
  memory: MemorySnapshot;
  defrag?: DefragConfig;
  /** Why CONFIG GET failed (renamed, disabled on managed services, ACL), printable. */
  configError?: string;
  doctor?: DoctorVerdict;
}

/** Reads the replies; throws (with a sentence a person can act on) when INFO cannot be judged at all. */
export function parseReading(raw: RawReading): NodeReading {
  const info = parseInfo(raw.debug ? `${raw.info}\r\n${raw.debug}` : raw.info);
  const memory = memorySnapshot(info);
  if (!memory) throw new Error(unusableInfo(info));
  return {
    info,
    memory,
    defrag: raw.config ? parseDefragConfig(raw.config) : undefined,
    configError: raw.configError === undefined ? undefined : printable(raw.configError),
    doctor: raw.doctor === undefined ? undefined : parseDoctor(raw.doctor),
  };
}
