import * as z from "zod/mini";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds.js";
import "./zod.js";

/**
 * The endpoints document: the JSON the Lambda reads from Secrets Manager and the CLI reads with --config.
 * Accepted shapes: `{ "endpoints": [...], "defaults": {...} }`, a bare array of endpoints, or one endpoint
 * object (the shape of an ElastiCache user secret with host and port added).
 */

const nonNegative = z.number().check(z.gte(0));
const thresholdShape = Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, z.optional(nonNegative)])) as Record<
  keyof Thresholds,
  z.ZodMiniOptional<z.ZodMiniNumber>
>;
export const ThresholdsSchema = z.strictObject(thresholdShape);

export const RemediationModeSchema = z.enum(["off", "dry-run", "on"]);

const nonEmpty = z.string().check(z.minLength(1));

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

const millis = z.number().check(z.int(), z.gte(1), z.lte(60_000));
export const TimeoutsSchema = z.strictObject({
  connectMs: z.optional(millis),
  commandMs: z.optional(millis),
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

// ElastiCache user secrets carry extra fields (user_arn, engine…): accept and ignore unknown keys here.
export const EndpointSchema = z
  .looseObject({
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    url: z.optional(redisUrl),
    host: z.optional(nonEmpty),
    port: z.optional(z.number().check(z.int(), z.gte(1), z.lte(65535))),
    username: z.optional(nonEmpty),
    password: z.optional(z.string()),
    db: z.optional(z.number().check(z.int(), z.gte(0))),
    tls: z.optional(TlsSchema),
    /** `auto` (default) asks the server (`INFO cluster`) whether it is part of a cluster. */
    cluster: z.optional(z.union([z.boolean(), z.literal("auto")])),
    followReplicas: z.optional(z.boolean()),
    thresholds: z.optional(ThresholdsSchema),
    remediation: z.optional(RemediationSchema),
    timeouts: z.optional(TimeoutsSchema),
  })
  .check(z.refine((e) => e.url !== undefined || e.host !== undefined, { message: "needs either url or host" }));

export const DefaultsSchema = z.strictObject({
  thresholds: z.optional(ThresholdsSchema),
  remediation: z.optional(RemediationSchema),
  timeouts: z.optional(TimeoutsSchema),
  concurrency: z.optional(z.number().check(z.int(), z.gte(1), z.lte(256))),
});

// The object form may list no endpoints (the stack creates the secret that way, to be filled in later).
const DocumentObjectSchema = z.strictObject({ endpoints: z.array(EndpointSchema), defaults: z.optional(DefaultsSchema) });
const EndpointListSchema = z.array(EndpointSchema).check(z.minLength(1));
export const ConfigDocumentSchema = z.union([DocumentObjectSchema, EndpointListSchema, EndpointSchema]);

export type EndpointInput = z.infer<typeof EndpointSchema>;
export type Defaults = z.infer<typeof DefaultsSchema>;
export type TlsInput = z.infer<typeof TlsSchema>;
export type ParameterGroupInput = z.infer<typeof RemediationSchema>["parameterGroup"];

export interface ConfigDocument {
  endpoints: EndpointInput[];
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

/** Parses and validates; errors name the source and the field, never a value. */
export function parseConfigDocument(input: unknown, source: string): ConfigDocument {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch {
      throw new ConfigError(source, ["not valid JSON"]);
    }
  }
  const parsed = ConfigDocumentSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error.issues, data));
  const doc = parsed.data;
  if (Array.isArray(doc)) return { endpoints: doc, defaults: {} };
  if ("endpoints" in doc && Array.isArray(doc.endpoints)) return { endpoints: doc.endpoints, defaults: doc.defaults ?? {} };
  return { endpoints: [doc as EndpointInput], defaults: {} };
}

/** For a union, report the issues of the branch the input was aiming at, not all three. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, data: unknown): string[] {
  const target = Array.isArray(data)
    ? EndpointListSchema
    : data !== null && typeof data === "object" && "endpoints" in data
      ? DocumentObjectSchema
      : EndpointSchema;
  const branch = target.safeParse(data);
  return (branch.success ? issues : branch.error.issues).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}
