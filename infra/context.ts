import * as logs from "aws-cdk-lib/aws-logs";
import { z } from "zod";
import {
  CONSECUTIVE_CHECKS_BOUNDS,
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_PORT,
  DEFAULT_REMEDIATION_MODE,
  DEFAULT_REMINDER_MINUTES,
  FUNCTION_DEFAULTS,
  REMINDER_MINUTES_BOUNDS,
} from "../lambda/core/settings/defaults.js";
import { OwnerSchema, RemediationModeSchema, ThresholdsSchema } from "../lambda/core/settings/schemas.js";
import { scheduleExpressionProblems } from "./scheduleExpression.js";
import { parseSecretReference, type SecretReference } from "./secretReference.js";
import { VPC_ENDPOINTS, type VpcEndpointKey } from "./vpcEndpoints.js";

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
const int = (min: number, max: number) => {
  const message = `a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};
/** Secret names, partial ARNs and complete ARNs, each read as Secrets Manager matches it (secretReference.ts). */
const secretRefs = list.pipe(
  z.array(
    z.string().transform((text, ctx): SecretReference => {
      const ref = parseSecretReference(text);
      if ("problem" in ref) {
        ctx.addIssue({ code: "custom", message: ref.problem });
        return z.NEVER;
      }
      return ref;
    }),
  ),
);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

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
  /** Names, partial or complete ARNs of existing endpoint secrets; none: the stack creates one. */
  endpointSecrets: secretRefs.default([]),
  /** Names or ARNs of secrets the documents reference with `credentialsSecret` (ElastiCache user secrets). */
  credentialSecrets: secretRefs.default([]),
  /** ARNs of customer-managed KMS keys encrypting those secrets. */
  secretKeyArns: list.pipe(z.array(z.string().startsWith("arn:"))).default([]),
  /**
   * Custom parameter groups the checker may set activedefrag in: `name` (ElastiCache) or `memorydb:name`, each
   * in this stack's region or in the one after `@` (`memorydb:orders-defrag@us-east-1`).
   */
  parameterGroups: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(memorydb:)?[A-Za-z][A-Za-z0-9-]*(@[a-z]{2}(-[a-z]+)+-\d)?$/,
            "parameter group names, memorydb: prefix for MemoryDB, @region when not the stack's (name@us-east-1)",
          ),
      ),
    )
    .default([]),
  /**
   * The managed resources the endpoint documents name, `service:type:name[@region]` with
   * `elasticache:replicationgroup`, `elasticache:cluster`, `elasticache:serverlesscache` or `memorydb:cluster`:
   * discovery's describe calls are then granted on exactly these (a document listing "all" needs none here).
   */
  managedResources: list
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(elasticache:(replicationgroup|cluster|serverlesscache)|memorydb:cluster):[A-Za-z][A-Za-z0-9-]{0,62}(@[a-z]{2}(-[a-z]+)+-\d)?$/,
            "service:type:name[@region], e.g. elasticache:replicationgroup:sessions or memorydb:cluster:orders@us-east-1",
          ),
      ),
    )
    .default([]),
  /** Regions the managed entries' discovery and CloudWatch reads may call (default: the stack's own). */
  managedRegions: list.pipe(z.array(z.string().regex(REGION, "AWS region names, e.g. eu-west-1"))).default([]),
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
  /** When the daily summary runs: an EventBridge Scheduler cron(...) or rate(...) expression, in UTC. */
  summaryCron: z
    .string()
    .superRefine((expression, ctx) => {
      for (const message of scheduleExpressionProblems(expression)) ctx.addIssue({ code: "custom", message });
    })
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
  /** Interface (and gateway) endpoints for every AWS API the configuration calls, for subnets without NAT. */
  createVpcEndpoints: bool.default(false),
  /** Endpoints the VPC already has (a shared VPC): not created, though the function still uses them. */
  skipVpcEndpoints: list.pipe(z.array(z.enum(Object.keys(VPC_ENDPOINTS) as [VpcEndpointKey, ...VpcEndpointKey[]]))).default([]),
  /** The subnets' route tables, for DynamoDB's gateway endpoint. */
  routeTableIds: list
    .pipe(z.array(z.string().regex(/^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/, "route table ids, e.g. rtb-0123456789abcdef0")))
    .default([]),
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

/** Every problem with the context, one line each, naming its `-c` key. */
export class ContextError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid context:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ContextError";
  }
}

export function parseContext(raw: Record<string, unknown>): AppContext {
  const known = Object.fromEntries(Object.keys(ContextSchema.shape).flatMap((k) => (raw[k] === undefined ? [] : [[k, raw[k]]])));
  const parsed = ContextSchema.safeParse(known);
  if (!parsed.success) {
    throw new ContextError(
      parsed.error.issues.map((i) => {
        const [key, index] = i.path;
        const which = typeof index === "number" ? ` (item ${index + 1})` : "";
        return `-c ${String(key)}${which}: ${i.message}`;
      }),
    );
  }
  const ctx = parsed.data;
  const problems: string[] = [];
  if (ctx.vpcId && (ctx.subnetIds.length === 0 || ctx.availabilityZones.length !== ctx.subnetIds.length)) {
    problems.push("-c vpcId needs -c subnetIds and -c availabilityZones, one zone per subnet");
  }
  if (Boolean(ctx.slackWorkspaceId) !== Boolean(ctx.slackChannelId)) {
    problems.push("-c slackWorkspaceId and -c slackChannelId go together");
  }
  if (ctx.createVpcEndpoints && !ctx.vpcId) problems.push("-c createVpcEndpoints needs -c vpcId");
  if (ctx.skipVpcEndpoints.length > 0 && !ctx.createVpcEndpoints) {
    problems.push("-c skipVpcEndpoints needs -c createVpcEndpoints=true");
  }
  if (ctx.createVpcEndpoints && !ctx.skipVpcEndpoints.includes("dynamodb") && ctx.routeTableIds.length === 0) {
    problems.push(
      "-c createVpcEndpoints: DynamoDB's gateway endpoint needs the subnets' route tables (-c routeTableIds=rtb-…), or -c skipVpcEndpoints=dynamodb when the VPC has one",
    );
  }
  for (const service of new Set(ctx.managedResources.map((r) => r.split(":")[0] as "elasticache" | "memorydb"))) {
    if (!ctx.managedDiscovery.includes(service)) {
      problems.push(`-c managedResources names ${service} resources: add ${service} to -c managedDiscovery`);
    }
  }
  if (problems.length > 0) throw new ContextError(problems);
  return ctx;
}
