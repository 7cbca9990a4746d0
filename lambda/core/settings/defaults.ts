/**
 * Every default and bound of the checker, the function and the stack, in one place: the CLI's help, the
 * handler's environment, the endpoints document and the CDK context all read them from here.
 */

/** The tool's name: the CLI, the report's `tool.name`, the Lambda service name in logs and metrics. */
export const SERVICE_NAME = "redis-memory-checker";
/** CloudWatch namespace of the per-node metrics (Embedded Metric Format). */
export const METRICS_NAMESPACE = "RedisMemoryChecker";

/** What `redis-memory-checker` checks with no URL and no --config. */
export const DEFAULT_URL = "redis://127.0.0.1:6379";
export const DEFAULT_PORT = 6379;

/** Per node: the connection and each command are bounded. */
export const DEFAULT_TIMEOUTS = { connectMs: 3000, commandMs: 2000 } as const;
/** The one bound for a timeout, wherever it is set (document, environment, command line). */
export const TIMEOUT_MS_BOUNDS = { min: 100, max: 60_000 } as const;

/** Redis connections open at once over all endpoints and nodes of a run. */
export const DEFAULT_CONCURRENCY = 32;
export const CONCURRENCY_BOUNDS = { min: 1, max: 256 } as const;

export const DEFAULT_REMEDIATION_MODE = "dry-run" as const;

/** The alert lifecycle: runs in a row a new status must be seen, and the reminder interval while it lasts. */
export const DEFAULT_CONSECUTIVE_CHECKS = 2;
export const CONSECUTIVE_CHECKS_BOUNDS = { min: 1, max: 20 } as const;
export const DEFAULT_REMINDER_MINUTES = 6 * 60;
export const REMINDER_MINUTES_BOUNDS = { min: 5, max: 7 * 24 * 60 } as const;
/** A node's alert state expires this long after its last write (DynamoDB TTL). */
export const STATE_TTL_DAYS = 30;

/** How long the secret documents are cached between warm invocations (Powertools Parameters). */
export const DEFAULT_SECRETS_MAX_AGE_SECONDS = 300;

/** The deployed function and its schedules. */
export const FUNCTION_DEFAULTS = {
  timeoutSeconds: 120,
  memoryMb: 512,
  logRetentionDays: 30,
  checkEveryMinutes: 5,
  summaryCron: "cron(0 8 * * ? *)",
} as const;

/** The least publish window: the AWS clients' own request timeout (and the handler's when unset). */
export const PUBLISH_WINDOW_MIN_MS = 5000;
/**
 * The publish window, kept after the checks for the alert's claims, publish and commit (the handler's
 * `PUBLISH_WINDOW_MS`, the `publishWindowMs` of lambda/checker/budget.ts): a tenth of the function's
 * timeout, and at least `PUBLISH_WINDOW_MIN_MS`.
 */
export function publishWindowMs(functionTimeoutMs: number): number {
  return Math.max(PUBLISH_WINDOW_MIN_MS, Math.round(functionTimeoutMs / 10));
}
export const PUBLISH_WINDOW_MS_BOUNDS = { min: 500, max: 120_000 } as const;

/** CloudWatch reading of managed nodes: how far back to look, and how old a datapoint may be to count. */
export const CLOUDWATCH_LOOKBACK_MINUTES = 15;
export const CLOUDWATCH_FRESH_MINUTES = 10;
