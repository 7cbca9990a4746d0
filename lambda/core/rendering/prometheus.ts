import type { CheckReport, EndpointReport, NodeReport } from "../report/report.js";
import { STATUSES } from "../vocabulary/types.js";

/**
 * node_exporter's textfile-collector format (Prometheus exposition text): `# HELP`, `# TYPE`, one sample
 * per node labelled by endpoint, node and role. Units in the names, ratios as ratios (the Prometheus
 * naming guide); a cron job writes it to `*.prom` for node_exporter to serve.
 */
const PREFIX = "redis_memory_checker";

interface Gauge {
  name: string;
  help: string;
  value: (n: NodeReport) => number | undefined;
}

const GAUGES: Gauge[] = [
  {
    name: "status",
    help: "Node status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the CLI's exit codes).",
    value: (n) => STATUS_VALUE[n.status],
  },
  { name: "used_memory_bytes", help: "used_memory: bytes Redis has allocated.", value: (n) => n.metrics?.usedMemory },
  { name: "rss_bytes", help: "used_memory_rss: resident set size of the process.", value: (n) => n.metrics?.usedMemoryRss },
  {
    name: "fragmentation_ratio",
    help: "mem_fragmentation_ratio: RSS over used memory.",
    value: (n) => n.metrics?.fragmentationRatio,
  },
  {
    name: "fragmentation_bytes",
    help: "RSS minus used memory (mem_fragmentation_bytes).",
    value: (n) => n.metrics?.fragmentationBytes,
  },
  {
    name: "allocator_fragmentation_ratio",
    help: "allocator_frag_ratio: the part active defrag can fix (as this server defines it).",
    value: (n) => n.metrics?.allocatorFragRatio,
  },
  {
    name: "maxmemory_bytes",
    help: "maxmemory (0: not set).",
    value: (n) => (n.metrics ? (n.metrics.maxmemory ?? 0) : undefined),
  },
  {
    name: "maxmemory_used_ratio",
    help: "used_memory over maxmemory, 0 to 1.",
    value: (n) => (n.metrics?.memoryUsedPercent === undefined ? undefined : n.metrics.memoryUsedPercent / 100),
  },
  {
    name: "active_defrag_enabled",
    help: "activedefrag: 1 on, 0 off.",
    value: (n) => (n.metrics?.activeDefragEnabled === undefined ? undefined : n.metrics.activeDefragEnabled ? 1 : 0),
  },
  {
    name: "hours_until_full",
    help: "Hours until used memory reaches maxmemory (or the host's memory) at the growth of its recent history; absent when not growing.",
    value: (n) => n.forecast?.hoursToLimit,
  },
  { name: "check_duration_seconds", help: "How long checking the node took.", value: (n) => n.durationMs / 1000 },
];

const STATUS_VALUE = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<NodeReport["status"], number>;

export function formatPrometheus(report: CheckReport): string {
  const lines: string[] = [];
  const nodes = report.endpoints.flatMap((e) => e.nodes.map((n) => ({ e, n })));
  for (const g of GAUGES) {
    const samples = nodes.flatMap(({ e, n }) => {
      const v = g.value(n);
      return v === undefined || !Number.isFinite(v) ? [] : [`${PREFIX}_${g.name}${labels(e, n)} ${v}`];
    });
    if (samples.length === 0) continue;
    lines.push(`# HELP ${PREFIX}_${g.name} ${g.help}`, `# TYPE ${PREFIX}_${g.name} gauge`, ...samples);
  }
  lines.push(
    `# HELP ${PREFIX}_last_run_timestamp_seconds When the check finished (Unix time).`,
    `# TYPE ${PREFIX}_last_run_timestamp_seconds gauge`,
    `${PREFIX}_last_run_timestamp_seconds ${Date.parse(report.finishedAt) / 1000}`,
  );
  return `${lines.join("\n")}\n`;
}

function labels(e: EndpointReport, n: NodeReport): string {
  return `{endpoint="${escapeLabel(e.name)}",node="${escapeLabel(n.address)}",role="${escapeLabel(n.role ?? "unknown")}"}`;
}

/** Label values escape backslash, double quote and line feed (the exposition format's rule); other controls go. */
function escapeLabel(v: string): string {
  return v
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("\n", "\\n")
    .replace(/\p{Cc}/gu, "");
}
