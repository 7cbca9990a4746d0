import { speakWithOneVoice } from "../core/advice/oneVoice.js";
import type { ConnectionTarget, ParameterGroupRef, ResolvedEndpoint } from "../core/endpoints/endpoint.js";
import { appendSample, sampleOf } from "../core/forecast/history.js";
import { replicationContext } from "../core/parsing/cluster.js";
import { type NodeReading, parseReading } from "../core/parsing/reading.js";
import { refusal } from "../core/parsing/refusals.js";
import { appliedAction, needsParameterGroup, refusedAction } from "../core/remediation/decide.js";
import { diagnose } from "../core/remediation/diagnose.js";
import type { PlannedAction } from "../core/remediation/plan.js";
import { describeChanges, type NodeReport, nodeForecast, nodeMetrics, uncheckedNode } from "../core/report/report.js";
import { evaluate } from "../core/rules/evaluate.js";
import type { NodeFacts, PreviousObservation } from "../core/rules/facts.js";
import { formatAddress, redact } from "../core/vocabulary/address.js";
import { type CheckError, classifyError } from "../core/vocabulary/errors.js";
import { printable } from "../core/vocabulary/printable.js";
import type { ActionResult } from "../core/vocabulary/types.js";
import type { NodeSession, RedisAccess } from "./ports.js";

/** Wait before re-reading INFO after an action: three serverCron ticks at the default hz. */
export const AFTER_ACTION_SETTLE_MS = 300;

export interface NodeContext {
  redis: RedisAccess;
  previous?: PreviousObservation;
  signal?: AbortSignal;
  /** Also list the cluster's nodes: this node is the endpoint's seed. */
  discover?: boolean;
  /** A parameter group's `activedefrag`, read at most once per run (where CONFIG is refused). */
  parameterGroupValue?: (ref: ParameterGroupRef) => Promise<string | undefined>;
}

export interface NodeCheck {
  report: NodeReport;
  /** The seed's own view of its peers, for discovery. */
  reading?: { info: NodeReading["info"]; clusterNodes?: string; discoveryError?: string };
  /** Active defrag is wanted here and CONFIG is refused: the endpoint's parameter group is the repair. */
  needsParameterGroup?: boolean;
  /** What the rules judged this node on: the run adds what only all its nodes together tell (the same host). */
  facts?: NodeFacts;
}

/**
 * Checks one Redis process: reads it, decides (the core's evaluation and remediation decision), sends what
 * was decided, and reads again after a repair so the verdict is the latest reading.
 */
export async function checkNode(endpoint: ResolvedEndpoint, target: ConnectionTarget, ctx: NodeContext): Promise<NodeCheck> {
  const started = performance.now();
  const address = formatAddress(target.host, target.port);
  try {
    return await ctx.redis.session(target, endpoint.timeouts, ctx.signal, async (session) => {
      const reading = parseReading(await session.read());
      const cluster = ctx.discover && reading.memory.clusterEnabled ? await listCluster(session) : {};
      const facts: NodeFacts = {
        memory: reading.memory,
        defrag: reading.defrag ?? (await managedDefrag(endpoint, reading, ctx)),
        previous: ctx.previous,
        history: appendSample(ctx.previous?.history, sampleOf(reading.memory, new Date())),
        discoveryError: cluster.discoveryError,
        configError: reading.configError,
        usage: endpoint.usage,
      };
      const { evaluation, decision } = diagnose(facts, endpoint.thresholds, endpoint.remediation);
      const sent = await sendAll(session, decision.send, endpoint);
      const actions = [...decision.settled, ...sent].map((a) => redacted(endpoint, a));
      const metrics = nodeMetrics(reading.memory, facts.defrag?.activedefrag);
      const report: NodeReport = {
        address,
        role: reading.memory.role === "slave" ? "replica" : reading.memory.role,
        replication: replicationContext(reading.info),
        status: evaluation.status,
        durationMs: 0,
        metrics,
        findings: speakWithOneVoice(facts, evaluation.findings, actions, endpoint.thresholds),
        actions,
        doctor: reading.doctor,
        forecast: nodeForecast(facts.history),
      };
      if (sent.some((a) => a.outcome === "applied")) {
        // RSS and allocator figures in INFO are refreshed by serverCron (every 100 ms at the default hz 10):
        // read again after a few ticks, or the "after" shows the numbers from before the action.
        await new Promise((resolve) => setTimeout(resolve, AFTER_ACTION_SETTLE_MS));
        const again = parseReading(await session.read());
        const afterMetrics = nodeMetrics(again.memory, again.defrag?.activedefrag);
        // The verdict is the latest reading: a repair that worked is not reported as the problem.
        const afterFacts = { ...facts, memory: again.memory, defrag: again.defrag ?? facts.defrag };
        const after = evaluate(afterFacts, endpoint.thresholds);
        after.findings = speakWithOneVoice(afterFacts, after.findings, actions, endpoint.thresholds);
        report.before = { status: report.status, metrics, findings: report.findings };
        report.changes = describeChanges(metrics, afterMetrics);
        Object.assign(report, { status: after.status, metrics: afterMetrics, findings: after.findings });
      }
      report.durationMs = Math.round(performance.now() - started);
      return {
        report,
        reading: { info: reading.info, ...cluster },
        needsParameterGroup: needsParameterGroup(decision, actions),
        facts,
      };
    });
  } catch (err) {
    return { report: failedNode(endpoint, address, classifyError(err), Math.round(performance.now() - started)) };
  }
}

/**
 * CLUSTER NODES, asked only of a seed whose INFO says `cluster_enabled:1`: asking a standalone server would
 * answer with an error, counted in its `total_error_replies` and everyone's error dashboards.
 */
async function listCluster(session: NodeSession): Promise<{ clusterNodes?: string; discoveryError?: string }> {
  try {
    return { clusterNodes: await session.send(["CLUSTER", "NODES"]) };
  } catch (err) {
    return { discoveryError: printable(err instanceof Error ? err.message : String(err)) };
  }
}

/** Where CONFIG is refused (a managed service), the endpoint's parameter group says whether defrag is on. */
async function managedDefrag(endpoint: ResolvedEndpoint, reading: NodeReading, ctx: NodeContext): Promise<NodeFacts["defrag"]> {
  const ref = endpoint.remediation.parameterGroup;
  if (!ref || !ctx.parameterGroupValue || !reading.configError || refusal(reading.configError) !== "command-unavailable") {
    return undefined;
  }
  const value = await ctx.parameterGroupValue(ref);
  return value === undefined ? undefined : { activedefrag: value === "yes", source: "parameter-group" };
}

/** Sends what the core decided, one command at a time, and reports each reply as the core reads it. */
async function sendAll(
  session: NodeSession,
  planned: readonly PlannedAction[],
  endpoint: ResolvedEndpoint,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const p of planned) {
    try {
      results.push(appliedAction(p, await session.send(p.command)));
    } catch (err) {
      results.push(refusedAction(p, err instanceof Error ? err.message : String(err), endpoint.remediation));
    }
  }
  return results;
}

function redacted(endpoint: ResolvedEndpoint, a: ActionResult): ActionResult {
  return a.serverMessage ? { ...a, serverMessage: redactFor(endpoint, a.serverMessage) } : a;
}

/** The node's check failed: its error, with the endpoint's secrets removed, as an UNKNOWN node. */
export function failedNode(endpoint: ResolvedEndpoint, address: string, error: CheckError, durationMs: number): NodeReport {
  return uncheckedNode(endpoint.name, address, { code: error.code, message: redactFor(endpoint, error.message) }, durationMs);
}

function redactFor(endpoint: ResolvedEndpoint, text: string): string {
  return redact(text, [endpoint.target.password, endpoint.target.tls?.key]);
}
