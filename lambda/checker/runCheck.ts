import { assembleReport, type CheckReport, type EndpointReport } from "../core/report/report.js";
import type { PreviousObservation } from "../core/rules/facts.js";
import { DEFAULT_CONCURRENCY } from "../core/settings/defaults.js";
import type { EndpointEntry, InvalidEndpoint } from "../core/settings/endpoint.js";
import { checkEndpoint } from "./checkEndpoint.js";
import { Limiter } from "./concurrency.js";
import { RunParameterGroups } from "./parameterGroups.js";
import type { ParameterGroupAccess, RedisAccess } from "./ports.js";
import { TOOL } from "./tool.js";

export interface RunOptions {
  /** How nodes are reached. */
  redis: RedisAccess;
  /** Redis connections open at once, over all endpoints and nodes. */
  concurrency?: number;
  /** Epoch ms by which a report must exist; stragglers become UNKNOWN. */
  deadline?: number;
  previous?: (endpoint: string, address: string) => PreviousObservation | undefined;
  /** Managed services' parameter groups; absent: none read, none changed. */
  parameterGroups?: ParameterGroupAccess;
}

function isInvalid(e: EndpointEntry): e is InvalidEndpoint {
  return "error" in e;
}

/** Checks every endpoint under one concurrency limit and one deadline, and assembles the report. */
export async function runCheck(entries: readonly EndpointEntry[], options: RunOptions): Promise<CheckReport> {
  const startedAt = new Date();
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const groups =
    options.parameterGroups && new RunParameterGroups(options.parameterGroups, () => deadlineSignal(options.deadline));
  const reports = await Promise.all(
    entries.map((entry) =>
      isInvalid(entry)
        ? invalidEndpointReport(entry)
        : checkEndpoint(entry, {
            redis: options.redis,
            limiter,
            deadline: options.deadline,
            previous: options.previous,
            parameterGroups: groups,
          }),
    ),
  );
  return assembleReport(reports, startedAt, new Date(), TOOL);
}

/** Aborts at the run's deadline; without one (the CLI), the AWS clients' own timeouts bound each call. */
function deadlineSignal(deadline: number | undefined): AbortSignal {
  return deadline === undefined ? new AbortController().signal : AbortSignal.timeout(Math.max(1, deadline - Date.now()));
}

function invalidEndpointReport(entry: InvalidEndpoint): EndpointReport {
  return { name: entry.name, target: entry.target, status: "UNKNOWN", durationMs: 0, nodes: [], error: entry.error };
}
