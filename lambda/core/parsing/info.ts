/**
 * Parser for the text of `INFO` (any section, any server: Redis 5 to 7, Valkey, managed services).
 * Unknown fields are kept; nothing is dropped because this parser has not heard of it.
 */

import { printable } from "../vocabulary/printable.js";

/** A value such as `db0:keys=1,expires=0` or `slave0:ip=…,port=…` parsed into its parts. */
export type InfoRecord = Readonly<Record<string, string>>;

export interface ParsedInfo {
  /** Section name (lower case, e.g. `memory`) to its raw fields. */
  readonly sections: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Every field of every section, by name. Later sections do not overwrite earlier ones. */
  readonly fields: Readonly<Record<string, string>>;
}

const RECORD_VALUE = /^[a-z_][\w-]*=[^,]*(,[a-z_][\w-]*=[^,]*)*$/i;

export function parseInfo(text: string): ParsedInfo {
  const sections: Record<string, Record<string, string>> = {};
  const fields: Record<string, string> = {};
  let current = "default";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      current = line.slice(1).trim().toLowerCase() || "default";
      sections[current] ??= {};
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    sections[current] ??= {};
    (sections[current] as Record<string, string>)[key] = value;
    if (!(key in fields)) fields[key] = value;
  }
  return { sections, fields };
}

/** Fields Redis prints signed (`%zd`, `%lld`): a negative value is real there (RSS below used memory). */
const SIGNED = new Set(["mem_fragmentation_bytes", "allocator_rss_bytes", "rss_overhead_bytes", "master_last_io_seconds_ago"]);
/** Fields no running server reports as zero: a process always has resident memory and allocates some. */
const POSITIVE = new Set(["used_memory", "used_memory_rss"]);

/**
 * A numeric field, or undefined when absent or not a value the server could report: not a number, or
 * negative where Redis prints an unsigned count, or zero where no running server can. Numbers that cannot
 * be true are treated as absent (and `invalidNumbers` names them), never believed.
 */
export function infoNumber(info: ParsedInfo, key: string): number | undefined {
  const raw = info.fields[key];
  if (raw === undefined || raw === "" || !/^-?\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (value < 0 && !SIGNED.has(key)) || (value === 0 && POSITIVE.has(key))) return undefined;
  return value;
}

/** Of `keys`, those INFO reports with a value infoNumber refuses, as `field:value` (printable, shortened). */
export function invalidNumbers(info: ParsedInfo, keys: readonly string[]): string[] {
  return keys.flatMap((key) => {
    const raw = info.fields[key];
    if (raw === undefined || infoNumber(info, key) !== undefined) return [];
    return [`${key}:${printable(raw.length > 24 ? `${raw.slice(0, 24)}...` : raw)}`];
  });
}

/**
 * A string field, as a string of its own. V8 keeps a substring of 13 or more characters as a slice of its
 * parent, so a kept `mem_allocator:jemalloc-5.2.1` would hold the whole INFO text (about 5 KB) alive: at
 * 10,000 nodes, 50 MB of reports. Concatenating and slicing makes V8 copy the characters.
 */
export function infoString(info: ParsedInfo, key: string): string | undefined {
  const value = info.fields[key];
  return value === undefined ? undefined : printable(detached(value));
}

/** A copy of `text` that does not keep the string it was cut from alive (see infoString). */
export function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/** Parses `a=1,b=2` values (keyspace, replicas, command stats). Undefined if the value is not of that shape. */
export function parseInfoRecord(value: string | undefined): InfoRecord | undefined {
  if (value === undefined || !RECORD_VALUE.test(value)) return undefined;
  const out: Record<string, string> = {};
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** Fields of one section whose names match a pattern, parsed as records (e.g. `db0`, `slave0`). */
export function infoRecords(info: ParsedInfo, section: string, name: RegExp): Record<string, InfoRecord> {
  const out: Record<string, InfoRecord> = {};
  for (const [key, value] of Object.entries(info.sections[section] ?? {})) {
    if (!name.test(key)) continue;
    const record = parseInfoRecord(value);
    if (record) out[key] = record;
  }
  return out;
}
