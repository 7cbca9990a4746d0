export { RemediationModeSchema, ThresholdsSchema, TimeoutsSchema, UsageSchema } from "./schemas.js";

import * as z from "zod/mini";
import { CONCURRENCY_BOUNDS } from "./defaults.js";
import { MANAGED_KEYS, type ManagedSourceInput, ManagedSourceSchema } from "./managed.js";
import {
  LabelsSchema,
  nonEmpty,
  OwnerSchema,
  RemediationModeSchema,
  ThresholdsSchema,
  TimeoutsSchema,
  UsageSchema,
} from "./schemas.js";
import { DEFAULT_THRESHOLDS } from "./thresholds.js";
import { boundedInt } from "./validators.js";
import "./zod.js";

/**
 * The endpoints document: the JSON the Lambda reads from Secrets Manager and the CLI reads with --config.
 * Accepted shapes: `{ "endpoints": [...], "defaults": {...} }`, a bare array of endpoints, or one endpoint
 * object (the shape of an ElastiCache user secret with host and port added).
 */

export const ParameterGroupSchema = z.strictObject({
  name: nonEmpty,
  service: z._default(z.enum(["elasticache", "memorydb"]), "elasticache"),
  region: z.optional(nonEmpty),
});

export const RemediationSchema = z.strictObject({
  mode: z.optional(RemediationModeSchema),
  purge: z.optional(z.boolean()),
  /** Custom parameter group that holds `activedefrag` on ElastiCache/MemoryDB. */
  parameterGroup: z.optional(z.union([nonEmpty, ParameterGroupSchema])),
});

export const TlsSchema = z.union([
  z.boolean(),
  z.strictObject({
    ca: z.optional(nonEmpty),
    cert: z.optional(nonEmpty),
    key: z.optional(nonEmpty),
    servername: z.optional(nonEmpty),
    rejectUnauthorized: z.optional(z.boolean()),
  }),
]);

/** Checked without echoing the value: a URL may carry a password. */
const redisUrl = z.string().check(
  z.superRefine((value, ctx) => {
    let protocol: string;
    try {
      protocol = new URL(value).protocol;
    } catch {
      ctx.addIssue({ code: "custom", message: "not a valid URL (expected redis://host:port or rediss://…)", input: "" });
      return;
    }
    if (protocol !== "redis:" && protocol !== "rediss:") {
      ctx.addIssue({ code: "custom", message: `scheme must be redis:// or rediss://, not ${protocol}//`, input: "" });
    }
  }),
);

/**
 * Keys other tools put in a secret, accepted and ignored: `user_arn` (ElastiCache's user secrets, which its
 * Secrets Manager rotation keeps) and `engine` (Secrets Manager's database-secret shape). Any other key
 * that is not the checker's own is an error: a typo must never change behaviour silently.
 */
export const FOREIGN_SECRET_KEYS = ["user_arn", "engine"] as const;

/** Names appear in subjects, SMS and terminals: printable text only. */
const name = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[^\p{Cc}\p{Cf}]+$/u, "must be printable text"));

export const EndpointSchema = z
  .strictObject({
    name: z.optional(name),
    url: z.optional(redisUrl),
    host: z.optional(nonEmpty),
    port: z.optional(z.number().check(z.int(), z.gte(1), z.lte(65535))),
    username: z.optional(nonEmpty),
    password: z.optional(z.string()),
    /** A Secrets Manager secret with the username and password (an ElastiCache user secret, or an AUTH token). */
    credentialsSecret: z.optional(nonEmpty),
    db: z.optional(z.number().check(z.int(), z.gte(0))),
    tls: z.optional(TlsSchema),
    /** `auto` (default) asks the server (`INFO cluster`) whether it is part of a cluster. */
    cluster: z.optional(z.union([z.boolean(), z.literal("auto")])),
    followReplicas: z.optional(z.boolean()),
    /** What the endpoint holds: the eviction policy that fits differs (a cache evicts, a datastore must not). */
    usage: z.optional(UsageSchema),
    /** The team this endpoint's alerts go to (one message per owner; subscriptions filter on it). */
    owner: z.optional(OwnerSchema),
    tags: z.optional(LabelsSchema),
    thresholds: z.optional(ThresholdsSchema),
    remediation: z.optional(RemediationSchema),
    timeouts: z.optional(TimeoutsSchema),
    user_arn: z.optional(z.string()),
    engine: z.optional(z.string()),
  })
  .check(z.refine((e) => e.url !== undefined || e.host !== undefined, { message: "needs either url or host" }));

export const DefaultsSchema = z.strictObject({
  usage: z.optional(UsageSchema),
  thresholds: z.optional(ThresholdsSchema),
  remediation: z.optional(RemediationSchema),
  timeouts: z.optional(TimeoutsSchema),
  concurrency: z.optional(boundedInt(CONCURRENCY_BOUNDS)),
});

// An empty list is an error, never "check the default": a checker that checks nothing must say so.
const endpointList = z.array(EndpointSchema).check(z.minLength(1, "lists no endpoints: add at least one"));
const managedList = z.array(ManagedSourceSchema).check(z.minLength(1, "lists no managed resources: add at least one"));
const DocumentObjectSchema = z
  .strictObject({
    endpoints: z.optional(endpointList),
    /** Managed resources to discover (see ManagedSourceSchema), beside or instead of hosts. */
    managed: z.optional(managedList),
    defaults: z.optional(DefaultsSchema),
  })
  .check(z.refine((d) => d.endpoints !== undefined || d.managed !== undefined, { message: 'needs "endpoints" or "managed"' }));
const EndpointListSchema = endpointList;
export const ConfigDocumentSchema = z.union([DocumentObjectSchema, EndpointListSchema, ManagedSourceSchema, EndpointSchema]);

export type EndpointInput = Omit<z.infer<typeof EndpointSchema>, (typeof FOREIGN_SECRET_KEYS)[number]>;
export type Defaults = z.infer<typeof DefaultsSchema>;
export type TlsInput = z.infer<typeof TlsSchema>;
export type ParameterGroupInput = z.infer<typeof RemediationSchema>["parameterGroup"];

export interface ConfigDocument {
  endpoints: EndpointInput[];
  managed: ManagedSourceInput[];
  defaults: Defaults;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/** Parses and validates; errors name the source and the field, never a value. A UTF-8 BOM is accepted. */
export function parseConfigDocument(input: unknown, source: string): ConfigDocument {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch {
      throw new ConfigError(source, ["not valid JSON"]);
    }
  }
  const parsed = ConfigDocumentSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error.issues, data));
  const doc = parsed.data;
  if (!Array.isArray(doc) && MANAGED_KEYS.some((k) => k in doc)) {
    return { endpoints: [], managed: [doc as ManagedSourceInput], defaults: {} };
  }
  const isDocument = !Array.isArray(doc) && ("endpoints" in doc || "managed" in doc || "defaults" in doc);
  const list = (Array.isArray(doc) ? doc : isDocument ? ((doc as { endpoints?: unknown[] }).endpoints ?? []) : [doc]) as Array<
    z.infer<typeof EndpointSchema>
  >;
  return {
    endpoints: list.map(({ user_arn: _arn, engine: _engine, ...own }) => own as EndpointInput),
    managed: isDocument ? ((doc as { managed?: ManagedSourceInput[] }).managed ?? []) : [],
    defaults: isDocument ? ((doc as { defaults?: Defaults }).defaults ?? {}) : {},
  };
}

const DOCUMENT_KEYS = ["endpoints", "managed", "defaults"];

/** For a union, report the issues of the branch the input was aiming at, not all three. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }>, data: unknown): string[] {
  const object =
    data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const aimsAtDocument = object && Object.keys(object).some((k) => DOCUMENT_KEYS.includes(k));
  const aimsAtEndpoint = object && Object.keys(object).some((k) => k in EndpointSchema.def.shape);
  const aimsAtManaged =
    object && !aimsAtDocument && Object.keys(object).some((k) => (MANAGED_KEYS as readonly string[]).includes(k));
  if (object && !aimsAtDocument && !aimsAtEndpoint && !aimsAtManaged) {
    // Neither a document nor an endpoint: a mistyped top-level key, said as such.
    return Object.keys(object).map(
      (k) =>
        `(document): unknown key "${k}"${suggest(k, [...DOCUMENT_KEYS, "url", "host", ...MANAGED_KEYS])}; a document has "endpoints" or "managed" (and "defaults"), or is one endpoint with "url" or "host", or one managed entry`,
    );
  }
  const target = Array.isArray(data)
    ? EndpointListSchema
    : aimsAtDocument
      ? DocumentObjectSchema
      : aimsAtManaged
        ? ManagedSourceSchema
        : EndpointSchema;
  const branch = target.safeParse(data);
  return (branch.success ? issues : branch.error.issues).flatMap((issue) => {
    const at = formatPath(issue.path);
    const keys = (issue as { keys?: string[] }).keys;
    if (issue.code === "unrecognized_keys" && keys) {
      const known =
        issue.path.length === 0 && aimsAtDocument
          ? DOCUMENT_KEYS
          : issue.path.length === 0 && aimsAtManaged
            ? Object.keys(ManagedSourceSchema.def.shape)
            : knownKeysAt(issue.path);
      return keys.map((k) => `${at}: unknown key "${k}"${suggest(k, known)}`);
    }
    return [`${at}: ${issue.message}`];
  });
}

/** The keys the schema accepts at a path, for "did you mean" (endpoint and document level). */
function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === "number" && parent === "managed") return Object.keys(ManagedSourceSchema.def.shape);
  if (path.length === 0 || (typeof last === "number" && (path.length === 1 || parent === "endpoints"))) {
    return Object.keys(EndpointSchema.def.shape);
  }
  if (last === "remediation") return Object.keys(RemediationSchema.def.shape);
  if (last === "thresholds") return Object.keys(DEFAULT_THRESHOLDS);
  if (last === "timeouts") return Object.keys(TimeoutsSchema.def.shape);
  if (last === "defaults") return Object.keys(DefaultsSchema.def.shape);
  return [];
}

/** ` (did you mean "remediation"?)` for a key one or two edits away from a known one. */
function suggest(key: string, known: readonly string[]): string {
  const close = known.find((k) => editDistance(key.toLowerCase(), k.toLowerCase()) <= 2);
  return close ? ` (did you mean "${close}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}
