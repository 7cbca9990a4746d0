import { applyPlan } from "../adapters/redis/applyPlan.js";
import { withRedis } from "../adapters/redis/client.js";
import { type NodeReading, readNode } from "../adapters/redis/readNode.js";
import { replicationContext } from "../core/parsing/cluster.js";
import { diagnose } from "../core/remediation/diagnose.js";
import { classifyCommandError } from "../core/remediation/plan.js";
import { type CheckError, describeChanges, type NodeReport, nodeMetrics, uncheckedNode } from "../core/report/report.js";
import { evaluate } from "../core/rules/evaluate.js";
import type { ConnectionTarget, ResolvedEndpoint } from "../core/settings/endpoint.js";
import { formatAddress, redact } from "../core/settings/endpoint.js";
import { classifyError } from "../core/vocabulary/errors.js";
import type { NodeFacts, PreviousObservation } from "../core/vocabulary/facts.js";

/** Wait before re-reading INFO after an action: three serverCron ticks at the default hz. */
export const AFTER_ACTION_SETTLE_MS = 300;

export interface CheckNodeOptions {
  previous?: PreviousObservation;
  signal?: AbortSignal;
  /** Also read CLUSTER NODES: this node is the endpoint's seed. */
  discover?: boolean;
}

export interface NodeCheck {
  report: NodeReport;
  /** The seed's own view of its peers, for discovery. */
  reading?: Pick<NodeReading, "info" | "clusterNodes" | "discoveryError">;
}

/** Connects to one Redis process, diagnoses it, applies the plan, and re-reads INFO after any change. */
export async function checkNode(
  endpoint: ResolvedEndpoint,
  target: ConnectionTarget,
  options: CheckNodeOptions = {},
): Promise<NodeCheck> {
  const started = performance.now();
  const address = formatAddress(target.host, target.port);
  try {
    return await withRedis(
      target,
      endpoint.timeouts,
      async (redis) => {
        const reading = await readNode(redis, { discover: options.discover });
        const facts: NodeFacts = {
          memory: reading.memory,
          defrag: reading.defrag,
          previous: options.previous,
          discoveryError: reading.discoveryError,
          configRefused:
            reading.configError !== undefined && classifyCommandError(reading.configError, {}).outcome === "command-unavailable",
          usage: endpoint.usage,
        };
        const { evaluation, plan } = diagnose(facts, endpoint.thresholds, endpoint.remediation);
        const actions = await applyPlan(redis, plan, endpoint.remediation, reading.configError);
        const metrics = nodeMetrics(reading.memory, reading.defrag?.activedefrag);
        const report: NodeReport = {
          address,
          role: reading.memory.role === "slave" ? "replica" : reading.memory.role,
          replication: replicationContext(reading.info),
          status: evaluation.status,
          durationMs: 0,
          metrics,
          findings: evaluation.findings,
          actions: actions.map((a) => ({ ...a, serverMessage: a.serverMessage && redactFor(endpoint, a.serverMessage) })),
          doctor: reading.doctor,
        };
        if (actions.some((a) => a.outcome === "applied")) {
          // RSS and allocator figures in INFO are refreshed by serverCron (every 100 ms at the default hz 10):
          // read again after a few ticks, or the "after" shows the numbers from before the action.
          await new Promise((resolve) => setTimeout(resolve, AFTER_ACTION_SETTLE_MS));
          const again = await readNode(redis);
          const afterMetrics = nodeMetrics(again.memory, again.defrag?.activedefrag);
          // The verdict is the latest reading: a repair that worked is not reported as the problem.
          const after = evaluate({ ...facts, memory: again.memory, defrag: again.defrag }, endpoint.thresholds);
          report.before = { status: report.status, metrics, findings: report.findings };
          report.changes = describeChanges(metrics, afterMetrics);
          Object.assign(report, { status: after.status, metrics: afterMetrics, findings: after.findings });
        }
        report.durationMs = Math.round(performance.now() - started);
        return {
          report,
          reading: { info: reading.info, clusterNodes: reading.clusterNodes, discoveryError: reading.discoveryError },
        };
      },
      options.signal,
    );
  } catch (err) {
    return { report: failedNode(endpoint, address, classifyError(err), Math.round(performance.now() - started)) };
  }
}

/** The node's check failed: its error, with the endpoint's secrets removed, as an UNKNOWN node. */
export function failedNode(endpoint: ResolvedEndpoint, address: string, error: CheckError, durationMs: number): NodeReport {
  return uncheckedNode(endpoint.name, address, { code: error.code, message: redactFor(endpoint, error.message) }, durationMs);
}

function redactFor(endpoint: ResolvedEndpoint, text: string): string {
  return redact(text, [endpoint.target.password, endpoint.target.tls?.key]);
}
