import { z } from "zod";
import { RemediationModeSchema, ThresholdsSchema } from "../core/config.js";

/**
 * The handler's settings, from environment variables set by the CDK stack. Validated once at cold start:
 * a missing or malformed setting fails the init with the variable's name.
 */
const csv = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1, "needs at least one value"));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const EnvSchema = z.object({
  /** Secrets Manager names or ARNs holding endpoint documents, comma-separated. */
  ENDPOINTS_SECRET_IDS: csv,
  ALERT_TOPIC_ARN: z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, "must be an SNS topic ARN"),
  REMEDIATION_MODE: RemediationModeSchema.default("dry-run"),
  THRESHOLDS: json(ThresholdsSchema).optional(),
  CONNECT_TIMEOUT_MS: int(100, 60_000).default(3000),
  COMMAND_TIMEOUT_MS: int(100, 60_000).default(2000),
  CONCURRENCY: int(1, 256).default(32),
  /** Time kept back from the invocation's deadline to publish what is known. */
  DEADLINE_MARGIN_MS: int(500, 120_000).default(5000),
  SECRETS_MAX_AGE_SECONDS: int(0, 86_400).default(300),
  DASHBOARD_URL: z.url().optional(),
  /** DynamoDB table for the alert lifecycle; without it every non-OK node alerts on every run. */
  STATE_TABLE_NAME: z.string().min(3).optional(),
  REMINDER_INTERVAL_MINUTES: int(5, 7 * 24 * 60).default(360),
  CONSECUTIVE_CHECKS: int(1, 20).default(2),
});

export type HandlerEnv = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): HandlerEnv {
  const trimmed = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((k) => {
      const v = env[k]?.trim();
      return v ? [[k, v]] : [];
    }),
  );
  const parsed = EnvSchema.safeParse(trimmed);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}
