import * as z from "zod/mini";
import {
  CONCURRENCY_BOUNDS,
  CONSECUTIVE_CHECKS_BOUNDS,
  DEFAULT_CONCURRENCY,
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_REMEDIATION_MODE,
  DEFAULT_REMINDER_MINUTES,
  DEFAULT_SECRETS_MAX_AGE_SECONDS,
  DEFAULT_TIMEOUTS,
  METRICS_NAMESPACE,
  PUBLISH_WINDOW_MIN_MS,
  PUBLISH_WINDOW_MS_BOUNDS,
  REMINDER_MINUTES_BOUNDS,
  SERVICE_NAME,
  TIMEOUT_MS_BOUNDS,
} from "./defaults.js";
import { RemediationModeSchema, ThresholdsSchema } from "./schemas.js";
import { boundedIntFromText, commaList, jsonText } from "./validators.js";

/**
 * The handler's settings: the environment variables the stack sets, validated once at cold start (a
 * missing or malformed one fails the init with its name). The construct builds the function's environment
 * from this schema's own type (HandlerEnvironment), so renaming a variable breaks the compile, not a deploy.
 */
export const EnvSchema = z.object({
  /** Secrets Manager names or ARNs holding endpoint documents, comma-separated. */
  ENDPOINTS_SECRET_IDS: commaList,
  ALERT_TOPIC_ARN: z.string().check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, "must be an SNS topic ARN")),
  REMEDIATION_MODE: z._default(RemediationModeSchema, DEFAULT_REMEDIATION_MODE),
  THRESHOLDS: z.optional(jsonText(ThresholdsSchema)),
  CONNECT_TIMEOUT_MS: z._default(boundedIntFromText(TIMEOUT_MS_BOUNDS), DEFAULT_TIMEOUTS.connectMs),
  COMMAND_TIMEOUT_MS: z._default(boundedIntFromText(TIMEOUT_MS_BOUNDS), DEFAULT_TIMEOUTS.commandMs),
  CONCURRENCY: z._default(boundedIntFromText(CONCURRENCY_BOUNDS), DEFAULT_CONCURRENCY),
  /** Kept after the checks for the alert's claims, publish and commit (the stack: `publishWindowMs` of its timeout). */
  PUBLISH_WINDOW_MS: z._default(boundedIntFromText(PUBLISH_WINDOW_MS_BOUNDS), PUBLISH_WINDOW_MIN_MS),
  SECRETS_MAX_AGE_SECONDS: z._default(boundedIntFromText({ min: 0, max: 86_400 }), DEFAULT_SECRETS_MAX_AGE_SECONDS),
  DASHBOARD_URL: z.optional(z.url()),
  /** DynamoDB table for the alert lifecycle; without it every non-OK node alerts on every run. */
  STATE_TABLE_NAME: z.optional(z.string().check(z.minLength(3))),
  REMINDER_INTERVAL_MINUTES: z._default(boundedIntFromText(REMINDER_MINUTES_BOUNDS), DEFAULT_REMINDER_MINUTES),
  CONSECUTIVE_CHECKS: z._default(boundedIntFromText(CONSECUTIVE_CHECKS_BOUNDS), DEFAULT_CONSECUTIVE_CHECKS),
  /** EventBridge bus for one event per alerted node (`default` or a bus name); unset: no events. */
  EVENT_BUS_NAME: z.optional(z.string().check(z.regex(/^[\w.\-/:]{1,256}$/, "an EventBridge bus name or ARN"))),
  /** Read by Powertools too (the logger's service, the metrics' namespace). */
  POWERTOOLS_SERVICE_NAME: z._default(z.string().check(z.minLength(1)), SERVICE_NAME),
  POWERTOOLS_METRICS_NAMESPACE: z._default(z.string().check(z.minLength(1)), METRICS_NAMESPACE),
});

export type HandlerEnv = z.infer<typeof EnvSchema>;

/** The function's environment as the stack writes it: every variable of the schema, as text. */
export type HandlerEnvironment = { [K in keyof z.input<typeof EnvSchema>]: string };

export class EnvError extends Error {
  override name = "EnvError";
}

/** Validates the variables the schema names (trimmed; empty means unset); the error names each, never a value. */
export function readEnv(env: Readonly<Record<string, string | undefined>>): HandlerEnv {
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
