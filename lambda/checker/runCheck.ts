import type { EndpointEntry, InvalidEndpoint } from "../core/endpoints/endpoint.js";
import { assembleReport, type CheckReport, type EndpointReport, type NodeReport } from "../core/report/report.js";
import { sameHostNodes } from "../core/report/sameHost.js";
import type { PreviousObservation } from "../core/rules/facts.js";
import { maxmemoryUnset } from "../core/rules/maxmemoryUnset.js";
import { DEFAULT_CONCURRENCY } from "../core/settings/defaults.js";
import type { Finding } from "../core/vocabulary/types.js";
import { signalAt } from "./budget.js";
import { checkEndpoint, type JudgedNode } from "./checkEndpoint.js";
import { Limiter } from "./concurrency.js";
import { checkManagedEndpoint } from "./managed/checkManaged.js";
import { startManaged } from "./managed/startManaged.js";
import { RunParameterGroups } from "./parameterGroups.js";
import type { ManagedDiscovery, MetricSource, ParameterGroupAccess, RedisAccess } from "./ports.js";
import type { RunEntry } from "./runEntries.js";
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
  /** Lists managed resources named in the documents; absent: such entries are reported, not checked. */
  discovery?: ManagedDiscovery;
  /** CloudWatch, for managed nodes the function cannot reach or is told to read that way. */
  metrics?: MetricSource;
  /** Called as each endpoint finishes (the CLI's progress line). */
  progress?: (p: RunProgress) => void;
}

export interface RunProgress {
  endpointsDone: number;
  endpointsTotal: number;
  nodes: number;
  /** Nodes that could not be checked (UNKNOWN) so far. */
  failures: number;
}

function isInvalid(e: EndpointEntry): e is InvalidEndpoint {
  return "error" in e;
}

/** Checks every endpoint under one concurrency limit and one deadline, and assembles the report. */
export async function runCheck(runEntries: readonly RunEntry[], options: RunOptions): Promise<CheckReport> {
  const startedAt = new Date();
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const signal = () => signalAt(options.deadline);
  const groups = options.parameterGroups && new RunParameterGroups(options.parameterGroups, signal);
  // Discoveries start with the hosts' checks and never hold them up.
  const managed = startManaged(runEntries, options.discovery, options.metrics, signal);
  const judged = new Map<NodeReport, JudgedNode>();
  const ctx = {
    redis: options.redis,
    limiter,
    deadline: options.deadline,
    previous: options.previous,
    parameterGroups: groups,
    judged,
  };
  const seen: RunProgress = { endpointsDone: 0, endpointsTotal: runEntries.length, nodes: 0, failures: 0 };
  const counted = (r: EndpointReport): EndpointReport => {
    seen.endpointsDone++;
    seen.nodes += r.nodes.length;
    seen.failures += r.nodes.filter((n) => n.status === "UNKNOWN").length + (r.nodes.length === 0 ? 1 : 0);
    options.progress?.({ ...seen });
    return r;
  };
  const check = async (entry: EndpointEntry): Promise<EndpointReport> =>
    counted(
      isInvalid(entry)
        ? invalidEndpointReport(entry)
        : entry.managed
          ? await checkManagedEndpoint(
              { ...entry, managed: entry.managed },
              { ...ctx, cloudwatch: managed.cloudwatch(entry.managed) },
            )
          : await checkEndpoint(entry, ctx),
    );
  const lists = await Promise.all(
    managed.lists.map(async (pending) => {
      const entries = await pending;
      seen.endpointsTotal += entries.length - 1;
      return Promise.all(entries.map(check));
    }),
  );
  const reports = lists.flat();
  shareHosts(reports, judged);
  return assembleReport(reports, startedAt, new Date(), TOOL);
}

/**
 * What only the run's nodes together tell: several on one host share its memory, so the maxmemory the
 * MAXMEMORY_UNSET finding suggests is judged again with that host's nodes in its facts.
 */
function shareHosts(reports: readonly EndpointReport[], judged: ReadonlyMap<NodeReport, JudgedNode>): void {
  for (const [node, sameHost] of sameHostNodes(reports)) {
    const known = judged.get(node);
    if (!known) continue;
    const [again] = maxmemoryUnset({ ...known.facts, memory: node.metrics ?? known.facts.memory, sameHost }, known.thresholds);
    const swap = (findings: Finding[]) => findings.map((f) => (f.code === "MAXMEMORY_UNSET" && again ? again : f));
    node.findings = swap(node.findings);
    if (node.before) node.before.findings = swap(node.before.findings);
  }
}

function invalidEndpointReport(entry: InvalidEndpoint): EndpointReport {
  return { name: entry.name, target: entry.target, status: "UNKNOWN", durationMs: 0, nodes: [], error: entry.error };
}
