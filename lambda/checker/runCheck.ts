import { assembleReport, type CheckReport, type EndpointReport } from "../core/report/report.js";
import type { EndpointEntry, InvalidEndpoint } from "../core/settings/endpoint.js";
import type { PreviousObservation } from "../core/vocabulary/facts.js";
import { checkEndpoint } from "./checkEndpoint.js";
import { Limiter } from "./concurrency.js";
import type { EndpointRemediator } from "./ports.js";
import { TOOL } from "./tool.js";

export interface RunOptions {
  /** Redis connections open at once, over all endpoints and nodes. */
  concurrency?: number;
  /** Epoch ms by which a report must exist; stragglers become UNKNOWN. */
  deadline?: number;
  previous?: (endpoint: string, address: string) => PreviousObservation | undefined;
  remediateEndpoint?: EndpointRemediator;
}

export const DEFAULT_CONCURRENCY = 32;

function isInvalid(e: EndpointEntry): e is InvalidEndpoint {
  return "error" in e;
}

export async function runCheck(entries: readonly EndpointEntry[], options: RunOptions = {}): Promise<CheckReport> {
  const startedAt = new Date();
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const reports = await Promise.all(
    entries.map((entry) =>
      isInvalid(entry)
        ? invalidEndpointReport(entry)
        : checkEndpoint(entry, {
            limiter,
            deadline: options.deadline,
            previous: options.previous,
            remediateEndpoint: options.remediateEndpoint,
          }),
    ),
  );
  return assembleReport(reports, startedAt, new Date(), TOOL);
}

function invalidEndpointReport(entry: InvalidEndpoint): EndpointReport {
  return { name: entry.name, target: entry.target, status: "UNKNOWN", durationMs: 0, nodes: [], error: entry.error };
}
