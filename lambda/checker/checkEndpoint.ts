import type { ConnectionTarget, ResolvedEndpoint } from "../core/endpoints/endpoint.js";
import { type ClusterNode, describeSlots, parseClusterNodes, replicasOf } from "../core/parsing/cluster.js";
import { type EndpointReport, endpointLevels, endpointStatus, type NodeReport } from "../core/report/report.js";
import type { NodeFacts, PreviousObservation } from "../core/rules/facts.js";
import type { Thresholds } from "../core/settings/thresholds.js";
import { formatAddress, isIpAddress } from "../core/vocabulary/address.js";
import { beforeDeadline } from "./budget.js";
import { checkNode, failedNode, type NodeCheck } from "./checkNode.js";
import type { Limiter } from "./concurrency.js";
import type { RunParameterGroups } from "./parameterGroups.js";
import type { RedisAccess } from "./ports.js";

export interface EndpointContext {
  redis: RedisAccess;
  limiter: Limiter;
  deadline?: number;
  previous?: (endpoint: string, address: string) => PreviousObservation | undefined;
  /** Managed services' parameter groups: activedefrag read per run, and the endpoint-wide repair. */
  parameterGroups?: RunParameterGroups;
  /** What each checked node was judged on, for what only the run's nodes together tell (runCheck). */
  judged?: Map<NodeReport, JudgedNode>;
}

export interface JudgedNode {
  facts: NodeFacts;
  thresholds: Thresholds;
}

interface PeerTarget {
  target: ConnectionTarget;
  cluster?: NodeReport["cluster"];
  replicaOf?: { lagSeconds?: number; offsetBehindBytes?: number };
}

/**
 * Checks every process behind one endpoint. The seed tells what it is part of: a cluster (`INFO cluster`,
 * then CLUSTER NODES) or, with followReplicas, a primary with replicas. Every node is checked on its own
 * connection under the run's shared limit, so one slow node never holds up the rest past the deadline.
 */
export async function checkEndpoint(endpoint: ResolvedEndpoint, ctx: EndpointContext): Promise<EndpointReport> {
  const started = performance.now();
  const seed = await checkGuarded(endpoint, endpoint.target, ctx, endpoint.cluster !== false);
  // Present only when discovery was asked for (cluster not false) and the server is in cluster mode.
  const clusterText = seed.reading?.clusterNodes;
  let topology: EndpointReport["topology"] = "standalone";
  let peers: PeerTarget[] = [];
  if (clusterText) {
    topology = "cluster";
    const nodes = parseClusterNodes(clusterText);
    const me = nodes.find((n) => n.myself);
    if (me) seed.report.cluster = clusterInfo(me, nodes);
    peers = nodes
      .filter((n) => !n.myself)
      .map((n) => ({ target: peerTarget(endpoint, n.hostname ?? n.host, n.port), cluster: clusterInfo(n, nodes) }));
  } else if (endpoint.followReplicas && seed.reading && seed.report.role === "master") {
    const replicas = replicasOf(seed.reading.info);
    if (replicas.length) topology = "replicated";
    peers = replicas.map((r) => ({
      target: peerTarget(endpoint, r.host, r.port),
      replicaOf: { lagSeconds: r.lagSeconds, offsetBehindBytes: r.offsetBehindBytes },
    }));
  }

  const others = await Promise.all(
    peers.map(async (p) => {
      const check = await checkGuarded(endpoint, p.target, ctx, false);
      if (p.cluster) check.report.cluster = p.cluster;
      if (p.replicaOf) check.report.replication = { role: "replica", ...check.report.replication, ...p.replicaOf };
      return check;
    }),
  );
  const nodes = orderNodes([seed.report, ...others.map((o) => o.report)]);
  return endpointReport(endpoint, [seed, ...others], nodes, ctx, started, {
    topology,
    complete: seed.reading !== undefined && seed.reading.discoveryError === undefined,
  });
}

/**
 * An endpoint's report from its nodes' checks (`nodes` in the order to show them), with the endpoint-wide
 * repair the core decides where a node needs its parameter group. Hosts and discovered resources alike.
 */
export async function endpointReport(
  endpoint: ResolvedEndpoint,
  checks: readonly NodeCheck[],
  nodes: NodeReport[],
  ctx: EndpointContext,
  started: number,
  shape: Pick<EndpointReport, "topology" | "complete" | "managed">,
): Promise<EndpointReport> {
  const needed = checks.some((c) => c.needsParameterGroup);
  const actions = ctx.parameterGroups ? await ctx.parameterGroups.remediate(endpoint.remediation, needed) : [];
  return {
    name: endpoint.name,
    target: endpoint.display,
    status: endpointStatus(nodes),
    levels: endpointLevels(endpoint.thresholds),
    ...(endpoint.owner ? { owner: endpoint.owner } : {}),
    ...(endpoint.tags ? { tags: endpoint.tags } : {}),
    durationMs: Math.round(performance.now() - started),
    ...shape,
    nodes,
    ...(actions.length ? { actions } : {}),
  };
}

export function checkGuarded(
  endpoint: ResolvedEndpoint,
  target: ConnectionTarget,
  ctx: EndpointContext,
  discover: boolean,
): Promise<NodeCheck> {
  const address = formatAddress(target.host, target.port);
  const judged = (check: NodeCheck): NodeCheck => {
    if (check.facts) ctx.judged?.set(check.report, { facts: check.facts, thresholds: endpoint.thresholds });
    return check;
  };
  return ctx.limiter.run(() => {
    const started = performance.now();
    return beforeDeadline(
      ctx.deadline,
      (signal) =>
        checkNode(endpoint, target, {
          redis: ctx.redis,
          previous: ctx.previous?.(endpoint.name, address),
          signal,
          discover,
          parameterGroupValue: ctx.parameterGroups && ((ref) => ctx.parameterGroups?.value(ref) ?? Promise.resolve(undefined)),
        }).then(judged),
      () => ({
        report: failedNode(
          endpoint,
          address,
          { code: "DEADLINE_EXCEEDED", message: "no answer before the run's deadline" },
          Math.round(performance.now() - started),
        ),
      }),
    );
  });
}

/**
 * Peers use the seed's credentials and TLS settings. Their addresses are usually IPs, so TLS verifies the
 * seed's host name (ElastiCache's certificates name the configuration endpoint, not node IPs).
 */
function peerTarget(endpoint: ResolvedEndpoint, host: string, port: number): ConnectionTarget {
  const seed = endpoint.target;
  const tls = seed.tls
    ? { ...seed.tls, servername: seed.tls.servername ?? (isIpAddress(seed.host) ? undefined : seed.host) }
    : undefined;
  return { ...seed, host, port, tls };
}

function clusterInfo(n: ClusterNode, all: ClusterNode[]): NodeReport["cluster"] {
  const master = n.masterId ? all.find((m) => m.id === n.masterId) : undefined;
  return {
    id: n.id,
    slots: describeSlots(n.slots),
    master: master ? formatAddress(master.host, master.port) : undefined,
    ...(n.failing ? { failing: true } : {}),
  };
}

/** Masters by address, each followed by its replicas; the rest after. */
function orderNodes(nodes: NodeReport[]): NodeReport[] {
  const key = (n: NodeReport) =>
    `${n.cluster?.master ?? n.replication?.master ?? n.address}|${n.role === "master" ? 0 : 1}|${n.address}`;
  return [...nodes].sort((a, b) => key(a).localeCompare(key(b), "en", { numeric: true }));
}
