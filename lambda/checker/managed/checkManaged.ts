import { speakWithOneVoice } from "../../core/advice/oneVoice.js";
import type { ResolvedEndpoint } from "../../core/endpoints/endpoint.js";
import { cloudwatchReading, nodeKey } from "../../core/endpoints/managed/cloudwatch.js";
import type { ManagedEndpoint, ManagedNode } from "../../core/endpoints/managed/resource.js";
import { appendSample, sampleOf } from "../../core/forecast/history.js";
import { diagnose } from "../../core/remediation/diagnose.js";
import { type EndpointReport, type NodeReport, nodeForecast, nodeMetrics } from "../../core/report/report.js";
import type { NodeFacts } from "../../core/rules/facts.js";
import { formatAddress } from "../../core/vocabulary/address.js";
import { checkGuarded, type EndpointContext, endpointReport } from "../checkEndpoint.js";
import { failedNode, type NodeCheck } from "../checkNode.js";
import type { CloudWatchSamples } from "./startManaged.js";

export interface ManagedContext extends EndpointContext {
  cloudwatch: Promise<CloudWatchSamples>;
}

/**
 * A discovered resource: each node the API lists is read with INFO where the function can connect, and
 * from CloudWatch where it cannot (or where CloudWatch is how it is read); the report says which.
 */
export async function checkManagedEndpoint(
  endpoint: ResolvedEndpoint & { managed: ManagedEndpoint },
  ctx: ManagedContext,
): Promise<EndpointReport> {
  const started = performance.now();
  const managed = endpoint.managed;
  const checks = await Promise.all(managed.nodes.map((node) => checkManagedNode(endpoint, node, ctx)));
  return endpointReport(
    endpoint,
    checks,
    checks.map((c) => c.report),
    ctx,
    started,
    {
      topology: checks.length > 1 ? "replicated" : "standalone",
      managed: { service: managed.service, resource: managed.resourceId, read: managed.read },
      // The API listed every node: one missing from it next time is gone.
      complete: true,
    },
  );
}

async function checkManagedNode(
  endpoint: ResolvedEndpoint & { managed: ManagedEndpoint },
  node: ManagedNode,
  ctx: ManagedContext,
): Promise<NodeCheck> {
  const read = endpoint.managed.read;
  if (read !== "cloudwatch" && node.host && node.port) {
    const check = await checkGuarded(endpoint, { ...endpoint.target, host: node.host, port: node.port }, ctx, false);
    if (node.role && !check.report.role) check.report.role = node.role;
    const error = check.report.error;
    if (!error || read === "redis") return check;
    const fromCloudWatch = await cloudwatchNode(endpoint, node, ctx, { reason: `INFO failed: ${error.code}`, fallback: true });
    if ("report" in fromCloudWatch) return fromCloudWatch;
    // No fresh CloudWatch data either: the node stays UNKNOWN, and says both.
    check.report.error = { ...error, message: `${error.message}; CloudWatch: ${fromCloudWatch.missing}` };
    return check;
  }
  const reason =
    endpoint.managed.service === "elasticache-serverless"
      ? "a Serverless cache is read from CloudWatch"
      : read === "cloudwatch"
        ? 'the resource is set to "read": "cloudwatch"'
        : "the API lists no address for this node";
  const fromCloudWatch = await cloudwatchNode(endpoint, node, ctx, { reason, fallback: false });
  if ("report" in fromCloudWatch) return fromCloudWatch;
  return {
    report: failedNode(endpoint, addressOf(node), { code: "ERROR", message: `CloudWatch: ${fromCloudWatch.missing}` }, 0),
  };
}

async function cloudwatchNode(
  endpoint: ResolvedEndpoint & { managed: ManagedEndpoint },
  node: ManagedNode,
  ctx: ManagedContext,
  why: { reason: string; fallback: boolean },
): Promise<NodeCheck | { missing: string }> {
  const samples = await ctx.cloudwatch;
  const reading = cloudwatchReading(endpoint, node, samples.byNode.get(nodeKey(endpoint.name, node)), why, Date.now());
  if ("missing" in reading) return { missing: samples.error ?? reading.missing };
  const ref = endpoint.remediation.parameterGroup;
  const value = ref && ctx.parameterGroups ? await ctx.parameterGroups.value(ref) : undefined;
  const address = addressOf(node);
  const previous = ctx.previous?.(endpoint.name, address);
  const facts: NodeFacts = {
    memory: reading.memory,
    defrag: value === undefined ? undefined : { activedefrag: value === "yes", source: "parameter-group" },
    previous,
    usage: endpoint.usage,
    history: appendSample(previous?.history, sampleOf(reading.memory, new Date())),
    cloudwatch: reading.cloudwatch,
  };
  const { evaluation, decision } = diagnose(facts, endpoint.thresholds, endpoint.remediation);
  const report: NodeReport = {
    address,
    role: node.role,
    status: evaluation.status,
    durationMs: 0,
    metrics: nodeMetrics(reading.memory, facts.defrag?.activedefrag),
    findings: speakWithOneVoice(facts, evaluation.findings, decision.settled, endpoint.thresholds),
    actions: decision.settled,
    forecast: nodeForecast(facts.history),
  };
  return { report, needsParameterGroup: decision.parameterGroupWanted };
}

/** `host:port` where the API gives one, else the service's node name. */
function addressOf(node: ManagedNode): string {
  return node.host && node.port ? formatAddress(node.host, node.port) : node.id;
}
