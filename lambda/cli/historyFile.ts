import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { appendSample, HISTORY_MAX_AGE_S, type Sample, sampleOf } from "../core/forecast/history.js";
import { HistoryDocumentError, historyDocument, historyKey, parseHistoryDocument } from "../core/forecast/historyDocument.js";
import type { CheckReport } from "../core/report/report.js";
import type { PreviousObservation } from "../core/rules/facts.js";

/**
 * `--history FILE`: each node's recent samples, read before the run and rewritten after it, so cron and
 * Nagios get forecasts too. A missing file is the first run; a file that is not a history is an error that
 * names it (never a silent reset); the file is replaced atomically, so an interrupted run leaves the last one.
 */
export async function readHistoryFile(path: string): Promise<Map<string, Sample[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new HistoryDocumentError(`cannot read --history ${path}: ${(err as Error).message}`);
  }
  try {
    return parseHistoryDocument(text);
  } catch (err) {
    throw new HistoryDocumentError(`--history ${path}: ${(err as Error).message}`);
  }
}

/** What the checker reads for a node: its samples, as `previous` carries them. */
export function previousFromHistory(histories: ReadonlyMap<string, Sample[]>) {
  return (endpoint: string, address: string): PreviousObservation | undefined => {
    const history = histories.get(historyKey(endpoint, address));
    const last = history?.at(-1);
    return last ? { at: new Date(last.t * 1000).toISOString(), history } : undefined;
  };
}

/** The histories with this run's readings added; nodes no longer checked are dropped once their samples age out. */
export async function writeHistoryFile(
  path: string,
  histories: ReadonlyMap<string, Sample[]>,
  report: CheckReport,
  now: Date,
): Promise<void> {
  const next = new Map<string, Sample[]>();
  for (const [key, samples] of histories) {
    const kept = samples.filter((s) => now.getTime() / 1000 - s.t <= HISTORY_MAX_AGE_S);
    if (kept.length) next.set(key, kept);
  }
  for (const e of report.endpoints) {
    for (const n of e.nodes) {
      if (!n.metrics) continue;
      const key = historyKey(e.name, n.address);
      next.set(key, appendSample(histories.get(key), sampleOf(n.metrics, now)));
    }
  }
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, historyDocument(next), "utf8");
  await rename(tmp, path);
}
