import { STATUSES, type Status } from "./types.js";

/** The CloudWatch units the metrics use (CloudWatch's names, which Powertools' `MetricUnit` shares). */
export type MetricUnitName = "Count" | "Bytes" | "Percent" | "Milliseconds" | "None";

/** A node's metrics carry these dimensions; a run's carry none. */
export const NODE_DIMENSIONS = ["Endpoint", "Node"] as const;
export type NodeDimension = (typeof NODE_DIMENSIONS)[number];

interface MetricSpec {
  unit: MetricUnitName;
  /** One per node (dimensions `NODE_DIMENSIONS`) or one per run. */
  per: "node" | "run";
  /** What it measures, as docs/deploying.md's table says it. */
  what: string;
}

/** The `Status` metric's value for a status, and the scale as people read it ("0 OK, 1 WARNING, …"). */
export function statusValue(status: Status): number {
  return STATUSES.indexOf(status);
}
export const STATUS_SCALE = STATUSES.map((s) => `${statusValue(s)} ${s}`).join(", ");

/**
 * Every metric the function emits (Embedded Metric Format, in the namespace the handler's environment
 * names), in the order it emits them: the one source for the adapter that emits them
 * (lambda/adapters/aws/metrics.ts), the stack's dashboard and docs/deploying.md's table.
 */
export const METRICS = {
  Status: { unit: "Count", per: "node", what: `the node's status: ${STATUS_SCALE}` },
  FragmentationRatio: { unit: "Count", per: "node", what: "`mem_fragmentation_ratio`: RSS over used memory" },
  FragmentedBytes: { unit: "Bytes", per: "node", what: "RSS minus used memory (`mem_fragmentation_bytes`)" },
  AllocatorFragmentedBytes: {
    unit: "Bytes",
    per: "node",
    what: "the allocator's fragmentation, the part active defrag can fix (`allocator_frag_bytes`)",
  },
  MemoryUsedPercent: { unit: "Percent", per: "node", what: "`used_memory` as a percentage of `maxmemory`" },
  UsedMemory: { unit: "Bytes", per: "node", what: "`used_memory`" },
  HoursUntilFull: {
    unit: "None",
    per: "node",
    what: "hours until `used_memory` reaches `maxmemory` (or the host's memory) at its recent growth; only while it grows",
  },
  EndpointsChecked: { unit: "Count", per: "run", what: "endpoints in the run" },
  NodesNotOk: { unit: "Count", per: "run", what: "nodes `WARNING`, `CRITICAL` or `UNKNOWN`" },
  CheckDuration: { unit: "Milliseconds", per: "run", what: "the checks, from their start to the report (its `durationMs`)" },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

/** The docs' table (docs/deploying.md, between its metrics markers), from the same source. */
export function metricTable(): string {
  const per = (spec: MetricSpec) => (spec.per === "node" ? NODE_DIMENSIONS.map((d) => `\`${d}\``).join(", ") : "none (the run)");
  const rows = (Object.entries(METRICS) as Array<[MetricName, MetricSpec]>).map(
    ([name, spec]) => `| \`${name}\` | ${spec.unit} | ${per(spec)} | ${spec.what} |`,
  );
  return ["| metric | unit | dimensions | what it is |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
