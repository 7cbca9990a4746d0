import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseInfo } from "../../lambda/core/parsing/info.js";
import { type MemorySnapshot, memorySnapshot } from "../../lambda/core/parsing/memory.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";

const DIR = join(import.meta.dirname, "..", "fixtures");

/** Real INFO text captured by scripts/capture-fixtures.ts. */
export function fixtureText(name: string): string {
  return readFileSync(join(DIR, `${name}.info`), "utf8");
}

export function fixtureDoctor(name: string): string {
  return readFileSync(join(DIR, `${name}.doctor.txt`), "utf8");
}

/**
 * A real capture with some fields removed or replaced: how an older server (or Valkey, or a libc build)
 * reports the same state. Lines are edited, never invented from nothing.
 */
export function editedInfo(name: string, edit: { drop?: RegExp; set?: Record<string, string> } = {}): string {
  const lines = fixtureText(name).split(/\r?\n/);
  const out = lines.filter((l) => !edit.drop?.test(l.split(":")[0] ?? ""));
  for (const [key, value] of Object.entries(edit.set ?? {})) {
    const i = out.findIndex((l) => l.startsWith(`${key}:`));
    if (i >= 0) out[i] = `${key}:${value}`;
    else out.splice(2, 0, `${key}:${value}`);
  }
  return out.join("\r\n");
}

export function snapshotOf(text: string): MemorySnapshot {
  const m = memorySnapshot(parseInfo(text));
  if (!m) throw new Error("fixture has no used_memory");
  return m;
}

/** A real capture as the checker reads it: INFO parsed, its memory snapshot, and the rules' verdict on it. */
export function readCapture(name: string) {
  const info = parseInfo(fixtureText(name));
  const memory = memorySnapshot(info);
  if (!memory) throw new Error(`${name} has no used_memory`);
  return { info, memory, evaluation: evaluate({ memory }, DEFAULT_THRESHOLDS) };
}

/** The builds that have a capture of each state (scripts/capture-fixtures.ts), besides Redis 7.0. */
export const BUILDS = ["redis-8.0-jemalloc", "redis-8.0-libc", "valkey-8.1-jemalloc", "valkey-8.1-libc"] as const;

export const FIXTURES = [
  "empty-7.0",
  "healthy-7.0",
  "fragmented-debian-7.0",
  "fragmented-jemalloc-7.0",
  "maxmemory-noeviction-7.0",
  "maxmemory-allkeys-lru-7.0",
  "peak-large-values-7.0",
  ...BUILDS.flatMap((b) => [`empty-${b}`, `healthy-${b}`, `fragmented-${b}`, `peak-${b}`] as const),
] as const;
