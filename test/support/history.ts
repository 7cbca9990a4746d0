import { type Sample, sampleOf } from "../../lambda/core/forecast/history.js";
import type { MemorySnapshot } from "../../lambda/core/parsing/memory.js";

export const NOW = new Date("2026-11-24T10:00:00Z");

/**
 * A node's history ending with this reading: `samples` checks `everyMinutes` apart, used memory changing by
 * `bytesPerHour` (and the fragmentation ratio by `fragPerHour`), with `noise` bytes of deterministic jitter.
 */
export function historyOf(
  m: MemorySnapshot,
  o: { bytesPerHour?: number; fragPerHour?: number; samples?: number; everyMinutes?: number; noise?: number; run?: string } = {},
): Sample[] {
  const { bytesPerHour = 0, fragPerHour = 0, samples = 12, everyMinutes = 5, noise = 0 } = o;
  const last = sampleOf(m, NOW);
  const run = o.run ?? last.run;
  return Array.from({ length: samples }, (_, i) => {
    const hoursBefore = ((samples - 1 - i) * everyMinutes) / 60;
    const jitter = i === samples - 1 ? 0 : noise * Math.sin(i * 2.4);
    return {
      ...last,
      t: last.t - Math.round(hoursBefore * 3600),
      used: Math.round(last.used - bytesPerHour * hoursBefore + jitter),
      ...(last.frag !== undefined ? { frag: Number((last.frag - fragPerHour * hoursBefore).toFixed(3)) } : {}),
      ...(run ? { run } : {}),
    };
  });
}
