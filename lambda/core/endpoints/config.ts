import * as z from "zod/mini";
import { noConflicts } from "../settings/conflicts.js";
import { CONCURRENCY_BOUNDS } from "../settings/defaults.js";
import { describeIssues as describeAgainst, type Issue, suggest } from "../settings/issues.js";
import { JsonSyntaxError, parseJson } from "../settings/json.js";
import {
  LabelsSchema,
  nonEmpty,
  OwnerSchema,
  RemediationModeSchema,
  ThresholdsSchema,
  TimeoutsSchema,
  UsageSchema,
} from "../settings/schemas.js";
import { boundedInt } from "../settings/validators.js";
import { MANAGED_KEYS, type ManagedSourceInput, ManagedSourceSchema } from "./managed/source.js";
import "../settings/zod.js";

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

/**
 * Parsed once, here: the entry carries the URL as parsed, which the resolver (endpoint.ts) and the conflict
 * check (conflicts.ts) read. Checked without echoing the value: a URL may carry a password. A URL with
 * another scheme is still carried, so the entry's conflicts are reported beside it.
 */
const redisUrl = z.pipe(
  z.string(),
  z.transform((value, ctx): URL => {
    const problem = (message: string) => ctx.issues.push({ code: "custom", message, input: "" });
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      problem("not a valid URL (expected redis://host:port or rediss://…)");
      return z.NEVER;
    }
    if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
      // `user:password@host` parses with the user as its scheme: a scheme is named only when written as one.
      problem(
        value.startsWith(`${u.protocol}//`)
          ? `scheme must be redis:// or rediss://, not ${u.protocol}//`
          : "must start with redis:// or rediss:// (redis://host:port)",
      );
      return u;
    }
    // What the URL says and the checker would not read is an error, never ignored: no part is echoed.
    if (u.hostname === "") problem("names no host (expected redis://host:port)");
    if (u.port === "0") problem("port must be from 1 to 65535");
    const path = u.pathname.replace(/^\//, "");
    if (path !== "" && !/^\d+$/.test(path)) problem("its path can only be a database number (/0, /1…)");
    if (u.search || u.hash) problem("a query (?…) or fragment (#…) is not read: remove it");
    return u;
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
  .check(
    z.refine((e) => e.url !== undefined || e.host !== undefined, { message: "needs either url or host" }),
    noConflicts(),
  );

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
/** What a document must list, said the same wherever it is missing. */
const ENDPOINTS_REQUIRED =
  'required: a list of at least one endpoint ({"url": …} or {"host": …}), unless "managed" lists managed resources';
const DocumentObjectSchema = z
  .strictObject({
    endpoints: z.optional(endpointList),
    /** Managed resources to discover (see ManagedSourceSchema), beside or instead of hosts. */
    managed: z.optional(managedList),
    defaults: z.optional(DefaultsSchema),
  })
  .check(
    z.refine((d) => d.endpoints !== undefined || d.managed !== undefined, { message: ENDPOINTS_REQUIRED, path: ["endpoints"] }),
  );
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
  /**
   * How it was written, for naming an entry's place (`endpoints[2]`, `[2]`, `(document)`): an object with
   * "endpoints" and "managed", a bare list of endpoints, one endpoint, or one managed entry. Absent: an object.
   */
  shape?: "document" | "list" | "endpoint" | "managed";
}

/** Where an entry is written in its document: `endpoints[2]`, `managed[0]`, `[2]` in a bare list, `(document)`. */
export function entryPlace(doc: Pick<ConfigDocument, "shape">, kind: "endpoints" | "managed", index: number): string {
  switch (doc.shape) {
    case "list":
      return `[${index}]`;
    case "endpoint":
    case "managed":
      return "(document)";
    default:
      return `${kind}[${index}]`;
  }
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

/**
 * Parses and validates; errors name the source and the field (or the line and column of a JSON mistake),
 * never a value. A UTF-8 BOM is accepted.
 */
export function parseConfigDocument(input: unknown, source: string): ConfigDocument {
  let data = input;
  if (typeof input === "string") {
    try {
      data = parseJson(input.replace(/^\uFEFF/, ""));
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new ConfigError(source, [e.message]);
      throw e;
    }
  }
  const parsed = ConfigDocumentSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(source, documentIssues(parsed.error.issues, data));
  const doc = parsed.data;
  if (!Array.isArray(doc) && MANAGED_KEYS.some((k) => k in doc)) {
    return { endpoints: [], managed: [doc as ManagedSourceInput], defaults: {}, shape: "managed" };
  }
  const isDocument = !Array.isArray(doc) && ("endpoints" in doc || "managed" in doc || "defaults" in doc);
  const list = (Array.isArray(doc) ? doc : isDocument ? ((doc as { endpoints?: unknown[] }).endpoints ?? []) : [doc]) as Array<
    z.infer<typeof EndpointSchema>
  >;
  return {
    endpoints: list.map(({ user_arn: _arn, engine: _engine, ...own }) => own as EndpointInput),
    managed: isDocument ? ((doc as { managed?: ManagedSourceInput[] }).managed ?? []) : [],
    defaults: isDocument ? ((doc as { defaults?: Defaults }).defaults ?? {}) : {},
    shape: Array.isArray(doc) ? "list" : isDocument ? "document" : "endpoint",
  };
}

const DOCUMENT_KEYS = ["endpoints", "managed", "defaults"];
const SHAPES =
  'a document has "endpoints" or "managed" (and "defaults"), or is one endpoint with "url" or "host", or one managed entry';

/**
 * For the document's union, the issues of the branch the input was aiming at, not all four; every line says
 * why (an empty object too: what is missing).
 */
function documentIssues(issues: ReadonlyArray<Issue>, data: unknown): string[] {
  if (data === null || typeof data !== "object") {
    const kind = data === null ? "null" : typeof data === "string" ? "text" : typeof data;
    return [`(document): ${kind}, where ${SHAPES} (a list of endpoints is accepted too)`];
  }
  const object = Array.isArray(data) ? undefined : (data as Record<string, unknown>);
  const keys = object ? Object.keys(object) : [];
  if (object && keys.length === 0) return [`endpoints: ${ENDPOINTS_REQUIRED}`];
  const aimsAtDocument = keys.some((k) => DOCUMENT_KEYS.includes(k));
  const aimsAtEndpoint = keys.some((k) => k in EndpointSchema.def.shape);
  const aimsAtManaged = !aimsAtDocument && keys.some((k) => (MANAGED_KEYS as readonly string[]).includes(k));
  if (object && !aimsAtDocument && !aimsAtEndpoint && !aimsAtManaged) {
    // Neither a document nor an endpoint: a mistyped top-level key, said as such.
    return keys.map(
      (k) => `(document): unknown key "${k}"${suggest(k, [...DOCUMENT_KEYS, "url", "host", ...MANAGED_KEYS])}; ${SHAPES}`,
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
  const lines = describeAgainst(branch.success ? issues : branch.error.issues, target, data);
  return lines.length > 0 ? lines : [`(document): not accepted; ${SHAPES}`];
}
