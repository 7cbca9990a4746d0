import { z } from "zod";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds.js";

/**
 * The endpoints document: the JSON the Lambda reads from Secrets Manager and the CLI reads with --config.
 * Accepted shapes: `{ "endpoints": [...], "defaults": {...} }`, a bare array of endpoints, or one endpoint
 * object (the shape of an ElastiCache user secret with host and port added).
 */

const thresholdShape = Object.fromEntries(
  Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, z.number().nonnegative().optional()]),
) as Record<keyof Thresholds, z.ZodOptional<z.ZodNumber>>;
export const ThresholdsSchema = z.strictObject(thresholdShape);

export const RemediationModeSchema = z.enum(["off", "dry-run", "on"]);

export const ParameterGroupSchema = z.strictObject({
  name: z.string().min(1),
  service: z.enum(["elasticache", "memorydb"]).default("elasticache"),
  region: z.string().min(1).optional(),
});

export const RemediationSchema = z.strictObject({
  mode: RemediationModeSchema.optional(),
  purge: z.boolean().optional(),
  /** Custom parameter group that holds `activedefrag` on ElastiCache/MemoryDB. */
  parameterGroup: z.union([z.string().min(1), ParameterGroupSchema]).optional(),
});

export const TimeoutsSchema = z.strictObject({
  connectMs: z.number().int().positive().max(60_000).optional(),
  commandMs: z.number().int().positive().max(60_000).optional(),
});

const pem = z.string().min(1);
export const TlsSchema = z.union([
  z.boolean(),
  z.strictObject({
    ca: pem.optional(),
    cert: pem.optional(),
    key: pem.optional(),
    servername: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().optional(),
  }),
]);

/** Checked without echoing the value: a URL may carry a password. */
const redisUrl = z.string().superRefine((value, ctx) => {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    ctx.addIssue({ code: "custom", message: "not a valid URL (expected redis://host:port or rediss://…)" });
    return;
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    ctx.addIssue({ code: "custom", message: `scheme must be redis:// or rediss://, not ${protocol}//` });
  }
});

export const EndpointSchema = z
  .object({
    name: z.string().min(1).max(128).optional(),
    url: redisUrl.optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    db: z.number().int().min(0).optional(),
    tls: TlsSchema.optional(),
    /** `auto` (default) asks the server (`INFO cluster`) whether it is part of a cluster. */
    cluster: z.union([z.boolean(), z.literal("auto")]).optional(),
    followReplicas: z.boolean().optional(),
    thresholds: ThresholdsSchema.optional(),
    remediation: RemediationSchema.optional(),
    timeouts: TimeoutsSchema.optional(),
  })
  // ElastiCache user secrets carry extra fields (user_arn, engine…): accept and ignore unknown keys here.
  .loose()
  .refine((e) => e.url !== undefined || e.host !== undefined, {
    message: "needs either url or host",
  });

export const DefaultsSchema = z.strictObject({
  thresholds: ThresholdsSchema.optional(),
  remediation: RemediationSchema.optional(),
  timeouts: TimeoutsSchema.optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
});

// The object form may list no endpoints (the stack creates the secret that way, to be filled in later).
export const ConfigDocumentSchema = z.union([
  z.strictObject({ endpoints: z.array(EndpointSchema), defaults: DefaultsSchema.optional() }),
  z.array(EndpointSchema).min(1),
  EndpointSchema,
]);

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
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error, data));
  const doc = parsed.data;
  if (Array.isArray(doc)) return { endpoints: doc, defaults: {} };
  if ("endpoints" in doc && Array.isArray(doc.endpoints)) return { endpoints: doc.endpoints, defaults: doc.defaults ?? {} };
  return { endpoints: [doc as EndpointInput], defaults: {} };
}

/** For a union, report the issues of the branch the input was aiming at, not all three. */
function describeIssues(error: z.ZodError, data: unknown): string[] {
  const target = Array.isArray(data)
    ? z.array(EndpointSchema).min(1)
    : data !== null && typeof data === "object" && "endpoints" in data
      ? z.strictObject({ endpoints: z.array(EndpointSchema), defaults: DefaultsSchema.optional() })
      : EndpointSchema;
  const branch = target.safeParse(data);
  const issues = branch.success ? error.issues : branch.error.issues;
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}
