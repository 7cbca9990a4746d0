import type { MemorySnapshot } from "../../parsing/memory.js";
import type { CloudWatchFacts } from "../../rules/facts.js";
import { CLOUDWATCH_FRESH_MINUTES } from "../../settings/defaults.js";
import type { ResolvedEndpoint } from "../endpoint.js";
import type { ManagedNode, ManagedService } from "./resource.js";

/** What a node's memory facts are called in CloudWatch, per service (the services' metric references). */
export type MetricRole = "bytesUsed" | "fragmentationRatio" | "memoryPercent" | "swapBytes" | "activeDefragHits" | "evictions";

interface MetricSpec {
  role: MetricRole;
  name: string;
  stat: "Maximum" | "Sum";
}

/** A node's memory metrics; the services differ only in what they call the bytes used. */
function nodeMemoryMetrics(bytesUsed: string): MetricSpec[] {
  return [
    { role: "bytesUsed", name: bytesUsed, stat: "Maximum" },
    { role: "fragmentationRatio", name: "MemoryFragmentationRatio", stat: "Maximum" },
    { role: "memoryPercent", name: "DatabaseMemoryUsagePercentage", stat: "Maximum" },
    { role: "swapBytes", name: "SwapUsage", stat: "Maximum" },
    { role: "activeDefragHits", name: "ActiveDefragHits", stat: "Sum" },
    { role: "evictions", name: "Evictions", stat: "Sum" },
  ];
}

export const CLOUDWATCH_METRICS: Record<ManagedService, { namespace: string; metrics: MetricSpec[] }> = {
  elasticache: { namespace: "AWS/ElastiCache", metrics: nodeMemoryMetrics("BytesUsedForCache") },
  memorydb: { namespace: "AWS/MemoryDB", metrics: nodeMemoryMetrics("BytesUsedForMemoryDB") },
  // Serverless publishes data size and evictions per cache, no fragmentation or per-node memory figures.
  "elasticache-serverless": {
    namespace: "AWS/ElastiCache",
    metrics: [
      { role: "bytesUsed", name: "BytesUsedForCache", stat: "Maximum" },
      { role: "evictions", name: "Evictions", stat: "Sum" },
    ],
  },
};

export interface MetricQuery {
  /** CloudWatch query id: `^[a-z][a-zA-Z0-9_]*$`. */
  id: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: "Maximum" | "Sum";
  /** The resource's region; absent: the caller's own. */
  region?: string;
  /** The role the resource's account is reached through; absent: the caller's own account. */
  roleArn?: string;
}

/** The newest datapoint of one query. */
export interface MetricSample {
  value: number;
  at: string;
}

export type NodeSamples = Partial<Record<MetricRole, MetricSample>>;

/** Every query of a run, and which node and role each answers: one batched GetMetricData. */
export function metricQueries(endpoints: readonly ResolvedEndpoint[]): {
  queries: MetricQuery[];
  owners: Map<string, { node: string; role: MetricRole }>;
} {
  const queries: MetricQuery[] = [];
  const owners = new Map<string, { node: string; role: MetricRole }>();
  for (const e of endpoints) {
    if (!e.managed || e.managed.read === "redis") continue;
    const spec = CLOUDWATCH_METRICS[e.managed.service];
    for (const node of e.managed.nodes) {
      for (const m of spec.metrics) {
        const id = `q${queries.length}`;
        queries.push({
          id,
          namespace: spec.namespace,
          metric: m.name,
          dimensions: node.dimensions,
          stat: m.stat,
          ...(e.managed.region ? { region: e.managed.region } : {}),
          ...(e.managed.roleArn ? { roleArn: e.managed.roleArn } : {}),
        });
        owners.set(id, { node: nodeKey(e.name, node), role: m.role });
      }
    }
  }
  return { queries, owners };
}

export function nodeKey(endpoint: string, node: Pick<ManagedNode, "id">): string {
  return `${endpoint}|${node.id}`;
}

/** Regroups the answers by node. */
export function samplesByNode(
  results: ReadonlyMap<string, MetricSample>,
  owners: ReadonlyMap<string, { node: string; role: MetricRole }>,
): Map<string, NodeSamples> {
  const out = new Map<string, NodeSamples>();
  for (const [id, sample] of results) {
    const owner = owners.get(id);
    if (!owner) continue;
    const samples = out.get(owner.node) ?? {};
    samples[owner.role] = sample;
    out.set(owner.node, samples);
  }
  return out;
}

/** What CloudWatch never says, whatever the service: named in the report, so no one reads absence as health. */
const NEVER_IN_CLOUDWATCH = [
  "the allocator breakdown (allocator_frag_ratio, allocator_rss_ratio, rss_overhead_ratio)",
  "maxmemory-policy",
  "used_memory_peak",
  "fork and loading state",
];

/**
 * A node's memory facts from CloudWatch, or why there are none. RSS is derived (used × ratio) and so is
 * maxmemory (used ÷ DatabaseMemoryUsagePercentage); a Serverless cache's limit is its configured storage.
 */
export function cloudwatchReading(
  endpoint: ResolvedEndpoint,
  node: ManagedNode,
  samples: NodeSamples | undefined,
  why: { reason: string; fallback: boolean },
  now: number,
): { memory: MemorySnapshot; cloudwatch: CloudWatchFacts } | { missing: string } {
  const managed = endpoint.managed;
  const used = samples?.bytesUsed;
  if (!managed || !used) return { missing: "CloudWatch has no datapoint of its memory use in the last minutes" };
  const ageMinutes = (now - Date.parse(used.at)) / 60_000;
  if (!(ageMinutes <= CLOUDWATCH_FRESH_MINUTES)) {
    return { missing: `CloudWatch's newest datapoint is from ${used.at}, older than ${CLOUDWATCH_FRESH_MINUTES} minutes` };
  }
  const ratio = samples.fragmentationRatio?.value;
  const rss = ratio !== undefined && ratio > 0 ? Math.round(used.value * ratio) : undefined;
  const pct = samples.memoryPercent?.value;
  const maxmemory = managed.dataLimitBytes ?? (pct !== undefined && pct > 0 ? Math.round((used.value * 100) / pct) : undefined);
  const spec = CLOUDWATCH_METRICS[managed.service];
  const noData = spec.metrics.filter((m) => samples[m.role] === undefined).map((m) => m.name);
  return {
    memory: {
      usedMemory: used.value,
      usedMemoryRss: rss,
      fragmentationRatio: rss !== undefined ? ratio : undefined,
      fragmentationBytes: rss !== undefined ? rss - used.value : undefined,
      maxmemory,
      engine: managed.engine === "valkey" ? "valkey" : "redis",
      engineVersion: managed.engineVersion,
      role: node.role === "replica" ? "slave" : node.role,
    },
    cloudwatch: {
      at: used.at,
      reason: why.reason,
      fallback: why.fallback,
      unavailable: [
        ...(managed.service === "elasticache-serverless"
          ? ["fragmentation (Serverless publishes no MemoryFragmentationRatio)"]
          : []),
        ...NEVER_IN_CLOUDWATCH,
        ...(noData.length ? [`no recent datapoint of ${noData.join(", ")}`] : []),
      ],
      perMinute: {
        activeDefragHits: samples.activeDefragHits?.value,
        evictions: samples.evictions?.value,
        swapBytes: samples.swapBytes?.value,
      },
    },
  };
}
