import type { ResolvedEndpoint } from "../core/endpoint.js";
import type { PreviousObservation } from "../core/facts.js";
import { assembleReport, type CheckError, type CheckReport, type EndpointReport, endpointStatus } from "../core/report.js";
import { checkNode, failedNode } from "./checkNode.js";
import { beforeDeadline, mapLimit } from "./concurrency.js";
import { TOOL } from "./tool.js";

/** An endpoint whose configuration could not be used: reported, never silently dropped. */
export interface InvalidEndpoint {
  name: string;
  target: string;
  error: CheckError;
}

export type EndpointEntry = ResolvedEndpoint | InvalidEndpoint;

export interface RunOptions {
  /** Endpoints checked at once. */
  concurrency?: number;
  /** Epoch ms by which a report must exist; stragglers become UNKNOWN. */
  deadline?: number;
  previous?: (endpoint: string, address: string) => PreviousObservation | undefined;
}

export const DEFAULT_CONCURRENCY = 32;

function isInvalid(e: EndpointEntry): e is InvalidEndpoint {
  return "error" in e;
}

export async function runCheck(entries: readonly EndpointEntry[], options: RunOptions = {}): Promise<CheckReport> {
  const startedAt = new Date();
  const reports = await mapLimit(entries, options.concurrency ?? DEFAULT_CONCURRENCY, async (entry) => {
    if (isInvalid(entry)) return invalidEndpointReport(entry);
    const started = performance.now();
    const address = `${entry.target.host}:${entry.target.port}`;
    const node = await beforeDeadline(
      options.deadline,
      (signal) => checkNode(entry, entry.target, { previous: options.previous?.(entry.name, address), signal }),
      () =>
        failedNode(
          entry,
          address,
          { code: "DEADLINE_EXCEEDED", message: "no answer before the run's deadline" },
          Math.round(performance.now() - started),
        ),
    );
    const report: EndpointReport = {
      name: entry.name,
      target: entry.display,
      status: endpointStatus([node]),
      durationMs: Math.round(performance.now() - started),
      nodes: [node],
    };
    return report;
  });
  return assembleReport(reports, startedAt, new Date(), TOOL);
}

function invalidEndpointReport(entry: InvalidEndpoint): EndpointReport {
  return { name: entry.name, target: entry.target, status: "UNKNOWN", durationMs: 0, nodes: [], error: entry.error };
}
