import * as z from "zod/mini";
import { parseJson } from "../settings/json.js";
import { HISTORY_MAX_SAMPLES, type Sample } from "./history.js";

/**
 * The CLI's `--history FILE`: each node's recent samples, kept between runs by cron or Nagios so they get
 * forecasts too. Versioned; a file that is not this format is an error naming it, never a silent reset
 * (a reset would hide a growth until the history builds up again).
 */
export const HISTORY_DOCUMENT_VERSION = 1;

const count = z.number().check(z.int(), z.gte(0));
const SampleSchema = z.strictObject({
  t: count,
  used: count,
  limit: z.optional(count),
  frag: z.optional(z.number().check(z.gte(0))),
  run: z.optional(z.string().check(z.maxLength(40))),
});
const DocumentSchema = z.strictObject({
  version: z.literal(HISTORY_DOCUMENT_VERSION),
  tool: z.literal("redis-memory-checker"),
  nodes: z.record(z.string(), z.array(SampleSchema).check(z.maxLength(HISTORY_MAX_SAMPLES))),
});

export class HistoryDocumentError extends Error {
  override name = "HistoryDocumentError";
}

/** The key of a node's history: its endpoint's name and its address, as alert state keys it. */
export function historyKey(endpoint: string, address: string): string {
  return `${endpoint}#${address}`;
}

export function parseHistoryDocument(text: string): Map<string, Sample[]> {
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (err) {
    throw new HistoryDocumentError((err as Error).message);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === "number" && version !== HISTORY_DOCUMENT_VERSION) {
    throw new HistoryDocumentError(`version ${version}: this checker reads version ${HISTORY_DOCUMENT_VERSION}`);
  }
  const parsed = DocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HistoryDocumentError(
      `not a redis-memory-checker history (version ${HISTORY_DOCUMENT_VERSION}): ${issue?.path.join(".") || "the document"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return new Map(Object.entries(parsed.data.nodes));
}

export function historyDocument(histories: ReadonlyMap<string, readonly Sample[]>): string {
  return `${JSON.stringify({ version: HISTORY_DOCUMENT_VERSION, tool: "redis-memory-checker", nodes: Object.fromEntries(histories) })}\n`;
}
