import * as z from "zod/mini";
import type { ReplicationContext } from "../parsing/cluster.js";
import type { DoctorVerdict } from "../parsing/doctor.js";
import { FORK_FLAGS, type ForkKind } from "../parsing/memory.js";
import { ERROR_SUMMARY, type ErrorCode } from "../vocabulary/errors.js";
import { FINDING_GUIDE } from "../vocabulary/findingGuide.js";
import { type ActionResult, type Finding, type FindingCode, STATUSES } from "../vocabulary/types.js";
import { type CheckReport, type EndpointReport, type NodeMetrics, type NodeReport, REPORT_SCHEMA_VERSION } from "./report.js";

/**
 * The JSON report (`--json`, the Lambda's result, the MCP server's structured content) as a schema: what the
 * MCP server declares as its tools' `outputSchema`, so a client can validate what it receives. The types at
 * the end tie it to report.ts in both directions: a field added to the report's types without its place here
 * (or the other way round) fails the compile. Objects are strict: a client learns every field, and no other.
 */

const keys = <K extends string>(record: Readonly<Record<K, unknown>>) => Object.keys(record) as [K, ...K[]];
const describe = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text)) as T;
const num = z.number();
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(schema);
const pair = z.tuple([num, num]);

const StatusSchema = z.enum(STATUSES);
const SeveritySchema = z.enum(["INFO", ...STATUSES]);
const ErrorSchema = z.strictObject({
  code: z.enum(keys<ErrorCode>(ERROR_SUMMARY)),
  message: describe(z.string(), "What went wrong, with the endpoint's secrets removed."),
});

export const FindingSchema = z.strictObject({
  code: describe(
    z.enum(keys<FindingCode>(FINDING_GUIDE)),
    "Stable identifier; the MCP tool get_finding_explanation explains each.",
  ),
  severity: describe(SeveritySchema, "INFO findings are advice and context: they never change a node's status."),
  metric: opt(describe(z.string(), "What was measured, e.g. mem_fragmentation_ratio.")),
  measured: opt(z.union([num, z.string()])),
  threshold: opt(z.union([num, z.string()])),
  meaning: describe(z.string(), "What the measurement means on this node: where the memory lives, not the ratio alone."),
  nextStep: describe(z.string(), "What a person should do next about it."),
  summary: opt(z.string()),
});

export const ActionSchema = z.strictObject({
  action: z.enum(["ENABLE_ACTIVEDEFRAG", "MEMORY_PURGE"]),
  command: describe(z.string(), "The command as sent (or as it would be sent), e.g. CONFIG SET activedefrag yes."),
  outcome: describe(
    z.enum(["applied", "dry-run", "already-enabled", "unsupported", "command-unavailable", "no-permission", "failed", "skipped"]),
    "applied: sent and the server accepted it; dry-run: what the run would have done; the rest: not done, and why.",
  ),
  reason: z.string(),
  serverMessage: opt(z.string()),
  nextStep: opt(z.string()),
});

const ForkSchema = z.strictObject({
  kind: z.enum(keys<ForkKind>(FORK_FLAGS)),
  percent: opt(num),
  cowBytes: opt(num),
  maybeSlotMigration: opt(z.literal(true)),
});

export const NodeMetricsSchema = z.strictObject({
  usedMemory: describe(num, "used_memory: bytes Redis allocated for data and its structures."),
  usedMemoryRss: opt(describe(num, "used_memory_rss: the process's resident memory.")),
  usedMemoryPeak: opt(num),
  usedMemoryPeakAt: opt(z.string()),
  maxmemory: opt(num),
  maxmemoryPolicy: opt(z.string()),
  fragmentationRatio: opt(
    describe(
      num,
      "mem_fragmentation_ratio, RSS over used memory. Never judge it alone: an empty instance reads 7 to 13 on under 1 MiB; read fragmentationBytes and the findings.",
    ),
  ),
  fragmentationBytes: opt(describe(num, "RSS minus used memory: how much the ratio stands for.")),
  allocatorFragModel: opt(z.enum(["active", "smallbins"])),
  allocatorFragRatio: opt(describe(num, "Allocator fragmentation as the server defines it: the only part active defrag fixes.")),
  allocatorFragBytes: opt(num),
  allocatorOtherSlackBytes: opt(num),
  systemJemalloc: opt(z.strictObject({ unmeasuredSlackBytes: num })),
  allocatorRssRatio: opt(describe(num, "Pages jemalloc keeps resident: MEMORY PURGE may return them, defrag does not.")),
  allocatorRssBytes: opt(num),
  allocatorMuzzyBytes: opt(num),
  rssOverheadRatio: opt(describe(num, "RSS outside the allocator (Lua, modules, fork copy-on-write): neither repair helps.")),
  rssOverheadBytes: opt(num),
  totalSystemMemory: opt(num),
  allocator: opt(z.string()),
  activeDefragRunning: opt(num),
  activeDefragHits: opt(num),
  activeDefragMisses: opt(num),
  activeDefragTimeMs: opt(num),
  evictedKeys: opt(num),
  engine: z.enum(["redis", "valkey"]),
  engineVersion: opt(z.string()),
  redisVersion: opt(z.string()),
  valkeyVersion: opt(z.string()),
  role: opt(z.string()),
  clusterEnabled: opt(z.boolean()),
  loading: opt(z.strictObject({ percent: opt(num), etaSeconds: opt(num) })),
  fork: opt(ForkSchema),
  invalidFields: opt(z.array(z.string())),
  runId: opt(z.string()),
  memoryUsedPercent: opt(num),
  activeDefragEnabled: opt(z.boolean()),
});

const ReplicationSchema = z.strictObject({
  role: z.enum(["master", "replica"]),
  connectedReplicas: opt(num),
  master: opt(z.string()),
  linkStatus: opt(z.string()),
  lastIoSecondsAgo: opt(num),
  lagSeconds: opt(num),
  offsetBehindBytes: opt(num),
});

const DoctorSchema = z.strictObject({
  empty: z.boolean(),
  issues: z.array(
    z.enum([
      "peak",
      "high-total-rss",
      "allocator-fragmentation",
      "allocator-rss",
      "process-rss",
      "replica-buffers",
      "client-buffers",
      "many-scripts",
    ]),
  ),
});

export const NodeReportSchema = z.strictObject({
  address: describe(z.string(), "host:port of the process that was measured."),
  role: opt(z.string()),
  cluster: opt(z.strictObject({ id: z.string(), slots: opt(z.string()), master: opt(z.string()), failing: opt(z.boolean()) })),
  replication: opt(ReplicationSchema),
  status: describe(StatusSchema, "The verdict on the latest reading (after a repair applied in this run, the reading after it)."),
  durationMs: num,
  metrics: opt(NodeMetricsSchema),
  findings: z.array(FindingSchema),
  actions: z.array(ActionSchema),
  before: opt(z.strictObject({ status: StatusSchema, metrics: NodeMetricsSchema, findings: z.array(FindingSchema) })),
  changes: opt(z.array(z.string())),
  doctor: opt(DoctorSchema),
  error: opt(ErrorSchema),
  forecast: opt(
    describe(
      z.strictObject({
        hoursToLimit: num,
        bytesPerHour: num,
        limitBytes: num,
        confidence: z.enum(["high", "medium", "low"]),
        samples: num,
      }),
      "When used memory reaches its limit at its recent growth rate, from the node's history.",
    ),
  ),
});

export const EndpointReportSchema = z.strictObject({
  name: z.string(),
  target: describe(z.string(), "The endpoint's address as a URL: never a password."),
  status: StatusSchema,
  durationMs: num,
  topology: opt(z.enum(["standalone", "cluster", "replicated"])),
  owner: opt(z.string()),
  tags: opt(z.record(z.string(), z.string())),
  levels: opt(z.strictObject({ fragmentationRatio: pair, fragmentationMinBytes: opt(pair), memoryUsedPercent: pair })),
  managed: opt(z.strictObject({ service: z.string(), resource: z.string(), read: z.enum(["auto", "redis", "cloudwatch"]) })),
  complete: opt(z.boolean()),
  nodes: z.array(NodeReportSchema),
  actions: opt(z.array(ActionSchema)),
  error: opt(ErrorSchema),
});

export const CheckReportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: num,
  status: describe(StatusSchema, "Worst over all endpoints: CRITICAL, then UNKNOWN, then WARNING, then OK."),
  counts: z.strictObject({ OK: num, WARNING: num, CRITICAL: num, UNKNOWN: num }),
  endpoints: z.array(EndpointReportSchema),
  compacted: opt(z.string()),
});

/** True when A and B are the same type, optional fields and all. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** If one of these fails to compile, report.ts (or a type it uses) and this schema have parted: make them agree. */
export type SchemaMatchesReport = [
  Assert<Same<z.output<typeof FindingSchema>, Finding>>,
  Assert<Same<z.output<typeof ActionSchema>, ActionResult>>,
  Assert<Same<z.output<typeof NodeMetricsSchema>, NodeMetrics>>,
  Assert<Same<z.output<typeof ReplicationSchema>, ReplicationContext>>,
  Assert<Same<z.output<typeof DoctorSchema>, DoctorVerdict>>,
  Assert<Same<z.output<typeof NodeReportSchema>, NodeReport>>,
  Assert<Same<z.output<typeof EndpointReportSchema>, EndpointReport>>,
  Assert<Same<z.output<typeof CheckReportSchema>, CheckReport>>,
];
