import * as logs from "aws-cdk-lib/aws-logs";
import { z } from "zod";
import { RemediationModeSchema, ThresholdsSchema } from "../lambda/core/settings/config.js";
import {
  CONSECUTIVE_CHECKS_BOUNDS,
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_PORT,
  DEFAULT_REMEDIATION_MODE,
  DEFAULT_REMINDER_MINUTES,
  FUNCTION_DEFAULTS,
  REMINDER_MINUTES_BOUNDS,
} from "../lambda/core/settings/defaults.js";
import { OwnerSchema } from "../lambda/core/settings/schemas.js";

/**
 * Every `-c key=value` option of the app (also settable in cdk.json's "context"). Validated here so a typo
 * fails the synth with the key's name. Lists are comma-separated.
 */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean));
const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
/** A value given as JSON text (`-c thresholds='{…}'`); a parse error never echoes the text. */
const json = z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "not valid JSON" });
    return z.NEVER;
  }
});
const RETENTION_DAYS = new Set<number>(Object.values(logs.RetentionDays).filter((v) => typeof v === "number"));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ContextSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default("RedisMemoryChecker"),
  alertEmails: list.pipe(z.array(z.email())).default([]),
  alertPhones: list
    .pipe(z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, "phone numbers in E.164 form, e.g. +14155550100")))
    .default([]),
  /**
   * Per team, as JSON: `{"payments":{"emails":["pay-oncall@example.com"],"phones":["+14155550100"]}}`.
   * Each subscription receives only messages whose `owner` is that team (the endpoints' `owner`).
   */
  owners: json
    .pipe(
      z.record(
        z.string().refine((k) => OwnerSchema.safeParse(k).success, "a team name: letters, digits, . _ - @"),
        z.strictObject({
          emails: z.array(z.email()).optional(),
          phones: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, "phone numbers in E.164 form")).optional(),
        }),
      ),
    )
    .optional(),
  /** Names or ARNs of existing endpoint secrets; none: the stack creates one. */
  endpointSecrets: list.default([]),
  /** Names or ARNs of secrets the documents reference with `credentialsSecret` (ElastiCache user secrets). */
  credentialSecrets: list.default([]),
  /** ARNs of customer-managed KMS keys encrypting those secrets. */
  secretKeyArns: list.pipe(z.array(z.string().startsWith("arn:"))).default([]),
  /** Custom parameter groups the checker may set activedefrag in: `name` (ElastiCache) or `memorydb:name`. */
  parameterGroups: list
    .pipe(
      z.array(z.string().regex(/^(memorydb:)?[A-Za-z][A-Za-z0-9-]*$/, "parameter group names, memorydb: prefix for MemoryDB")),
    )
    .default([]),
  /** Services the endpoint documents may name for discovery: `elasticache`, `memorydb` (read-only IAM). */
  managedDiscovery: list.pipe(z.array(z.enum(["elasticache", "memorydb"]))).default([]),
  /** Read managed nodes from CloudWatch where INFO cannot be read (cloudwatch:GetMetricData). */
  cloudwatchMetrics: bool.default(false),
  /** Roles in other accounts that managed entries name with `roleArn`; each needs the same read-only policy. */
  assumeRoles: list
    .pipe(z.array(z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "IAM role ARNs")))
    .default([]),
  /** AWS Chatbot: the Slack workspace (authorised once in the Chatbot console) and channel for the alerts. */
  slackWorkspaceId: z
    .string()
    .regex(/^[A-Z0-9]{9,11}$/, "a Slack workspace id, e.g. T0123456789")
    .optional(),
  slackChannelId: z
    .string()
    .regex(/^[A-Z0-9]{9,11}$/, "a Slack channel id, e.g. C0123456789")
    .optional(),
  /** EventBridge bus for one "Redis Memory Alert" event per alerted node: `default` or a bus name. */
  eventBus: z
    .string()
    .regex(/^[\w.-]{1,256}$/, "an EventBridge bus name, or default")
    .optional(),
  checkEveryMinutes: int(1, 1440).default(FUNCTION_DEFAULTS.checkEveryMinutes),
  reminderHours: int(1, REMINDER_MINUTES_BOUNDS.max / 60).default(DEFAULT_REMINDER_MINUTES / 60),
  consecutiveChecks: int(CONSECUTIVE_CHECKS_BOUNDS.min, CONSECUTIVE_CHECKS_BOUNDS.max).default(DEFAULT_CONSECUTIVE_CHECKS),
  summaryCron: z
    .string()
    .regex(/^cron\(.+\)$/, "an EventBridge cron(...) expression")
    .default(FUNCTION_DEFAULTS.summaryCron),
  remediationMode: z.enum(RemediationModeSchema.options).default(DEFAULT_REMEDIATION_MODE),
  thresholds: json.pipe(ThresholdsSchema).optional(),
  vpcId: z
    .string()
    .regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, "a VPC id, e.g. vpc-0123456789abcdef0")
    .optional(),
  subnetIds: list
    .pipe(z.array(z.string().regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, "subnet ids, e.g. subnet-0123456789abcdef0")))
    .default([]),
  availabilityZones: list.default([]),
  redisPorts: list
    .pipe(
      z.array(
        z
          .string()
          .regex(/^\d{1,5}$/, "port numbers")
          .transform(Number),
      ),
    )
    .pipe(z.array(z.number().int().min(1).max(65535)))
    .default([DEFAULT_PORT]),
  createVpcEndpoints: bool.default(false),
  timeoutSeconds: int(10, 900).default(FUNCTION_DEFAULTS.timeoutSeconds),
  memorySize: int(128, 10240).default(FUNCTION_DEFAULTS.memoryMb),
  /** One of CloudWatch Logs' retention periods (1, 3, 5, 7, 14, 30, 60, 90, … days). */
  logRetentionDays: z.coerce
    .number()
    .refine((d): d is logs.RetentionDays => RETENTION_DAYS.has(d), {
      message: "a CloudWatch Logs retention period in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, …",
    })
    .default(FUNCTION_DEFAULTS.logRetentionDays),
});

export type AppContext = z.infer<typeof ContextSchema>;

export function parseContext(raw: Record<string, unknown>): AppContext {
  const known = Object.fromEntries(Object.keys(ContextSchema.shape).flatMap((k) => (raw[k] === undefined ? [] : [[k, raw[k]]])));
  const parsed = ContextSchema.safeParse(known);
  if (!parsed.success) {
    throw new Error(`invalid context: ${parsed.error.issues.map((i) => `-c ${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const ctx = parsed.data;
  if (ctx.vpcId && (ctx.subnetIds.length === 0 || ctx.availabilityZones.length !== ctx.subnetIds.length)) {
    throw new Error("invalid context: -c vpcId needs -c subnetIds and -c availabilityZones, one zone per subnet");
  }
  if (Boolean(ctx.slackWorkspaceId) !== Boolean(ctx.slackChannelId)) {
    throw new Error("invalid context: -c slackWorkspaceId and -c slackChannelId go together");
  }
  return ctx;
}
