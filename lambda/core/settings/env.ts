import * as z from "zod/mini";
import { DEFAULT_CONCURRENCY } from "../../checker/runCheck.js";
import { RemediationModeSchema, ThresholdsSchema } from "./config.js";
import { DEFAULT_TIMEOUTS } from "./endpoint.js";
import "./zod.js";

/**
 * The handler's settings, from environment variables set by the CDK stack. Validated once at cold start:
 * a missing or malformed setting fails the init with the variable's name.
 */
const csv = z
  .pipe(
    z.string(),
    z.transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  )
  .check(z.refine((list) => list.length > 0, { message: "needs at least one value" }));
const int = (min: number, max: number) => z.coerce.number().check(z.int(), z.gte(min), z.lte(max));
const json = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.issues.push({ code: "custom", message: "not valid JSON", input: s.slice(0, 0) });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

export const EnvSchema = z.object({
  /** Secrets Manager names or ARNs holding endpoint documents, comma-separated. */
  ENDPOINTS_SECRET_IDS: csv,
  ALERT_TOPIC_ARN: z.string().check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, "must be an SNS topic ARN")),
  REMEDIATION_MODE: z._default(RemediationModeSchema, "dry-run"),
  THRESHOLDS: z.optional(json(ThresholdsSchema)),
  CONNECT_TIMEOUT_MS: z._default(int(100, 60_000), DEFAULT_TIMEOUTS.connectMs),
  COMMAND_TIMEOUT_MS: z._default(int(100, 60_000), DEFAULT_TIMEOUTS.commandMs),
  CONCURRENCY: z._default(int(1, 256), DEFAULT_CONCURRENCY),
  /** Time kept back from the invocation's deadline to publish what is known. */
  DEADLINE_MARGIN_MS: z._default(int(500, 120_000), 5000),
  SECRETS_MAX_AGE_SECONDS: z._default(int(0, 86_400), 300),
  DASHBOARD_URL: z.optional(z.url()),
  /** DynamoDB table for the alert lifecycle; without it every non-OK node alerts on every run. */
  STATE_TABLE_NAME: z.optional(z.string().check(z.minLength(3))),
  REMINDER_INTERVAL_MINUTES: z._default(int(5, 7 * 24 * 60), 360),
  CONSECUTIVE_CHECKS: z._default(int(1, 20), 2),
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
