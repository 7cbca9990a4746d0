import { setFlagsFromString } from "node:v8";
import type { Context } from "aws-lambda";
import { snsPublisher } from "../adapters/aws/alerts.js";
import { dynamo, secretsManager, sns } from "../adapters/aws/clients.js";
import { eventBridgeBus } from "../adapters/aws/events.js";
import { awsMetrics, lazyCloudWatchClient } from "../adapters/aws/managed/cloudwatch.js";
import { awsDiscovery } from "../adapters/aws/managed/discovery.js";
import { recordMetrics } from "../adapters/aws/metrics.js";
import { awsParameterGroups, lazyParameterGroupClients } from "../adapters/aws/parameterGroups.js";
import { createPowertools } from "../adapters/aws/powertools.js";
import { secretsManagerSource } from "../adapters/aws/secrets.js";
import { DynamoStateStore } from "../adapters/aws/stateStore.js";
import { ioredisAccess } from "../adapters/redis/client.js";
import { planBudget } from "../checker/budget.js";
import { type InvocationDeps, type InvocationSettings, runInvocation } from "../checker/invocation.js";
import { lifecyclePolicy } from "../checker/lifecyclePolicy.js";
import { type CheckReport, compactReport } from "../core/report/report.js";
import { readEnv } from "../core/settings/env.js";
import { parsePayload } from "../core/settings/payload.js";

/** Lambda refuses a function result over 6 MB (and fails the invocation): the report is kept under 5 MiB. */
const RESULT_MAX_BYTES = 5 * 1024 * 1024;

/** See the call below: the heap may grow to 1.5 times the live set before a full GC. */
const HEAP_GROWING_PERCENT = 50;

// V8 lets the old generation grow to about four times what is live before a full GC; a check run promotes
// much short-lived garbage (every in-flight check's replies), so 10,000 endpoints peaked near 300 MiB for a
// live set under 50 MiB. Growing by half instead kept the peak near 160 MiB at the same speed
// (`npm run bench`). NODE_OPTIONS cannot carry this flag, so it is set here, before the first run.
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

// Read once at cold start: a bad setting fails the init with the variable's name.
const env = readEnv(process.env);
const { logger, metrics, nodeMetrics } = createPowertools(env.POWERTOOLS_SERVICE_NAME, env.POWERTOOLS_METRICS_NAMESPACE);

const settings: InvocationSettings = {
  secretIds: env.ENDPOINTS_SECRET_IDS,
  defaults: {
    remediation: { mode: env.REMEDIATION_MODE },
    thresholds: env.THRESHOLDS,
    timeouts: { connectMs: env.CONNECT_TIMEOUT_MS, commandMs: env.COMMAND_TIMEOUT_MS },
  },
  concurrency: env.CONCURRENCY,
  dashboardUrl: env.DASHBOARD_URL,
};
const secrets = secretsManagerSource(secretsManager, env.SECRETS_MAX_AGE_SECONDS);
const publisher = snsPublisher(sns, env.ALERT_TOPIC_ARN);
// ElastiCache/MemoryDB and CloudWatch clients are built on first use: most runs never touch them.
const managedClients = lazyParameterGroupClients();
const parameterGroups = awsParameterGroups(managedClients);
const discovery = awsDiscovery(managedClients);
const cloudwatch = awsMetrics(lazyCloudWatchClient());
const events = env.EVENT_BUS_NAME ? eventBridgeBus(env.EVENT_BUS_NAME) : undefined;
const stateStore = env.STATE_TABLE_NAME ? new DynamoStateStore(dynamo, env.STATE_TABLE_NAME) : undefined;

/** Clients are shared across warm invocations; the alert policy holds one run's state, so it is new each time. */
function deps(requestId: string): InvocationDeps {
  return {
    redis: ioredisAccess,
    secrets,
    publisher,
    parameterGroups,
    discovery,
    metrics: cloudwatch,
    events,
    recordMetrics: (report) => recordMetrics(metrics, nodeMetrics, report),
    log: { info: (m, extra) => logger.info(m, extra ?? {}), warn: (m, extra) => logger.warn(m, extra ?? {}) },
    alertPolicy: stateStore
      ? lifecyclePolicy(stateStore, { consecutive: env.CONSECUTIVE_CHECKS, reminderMs: env.REMINDER_INTERVAL_MINUTES * 60_000 })
      : undefined,
    requestId,
  };
}

/**
 * Scheduled check, daily summary and manual diagnosis in one handler, inside one time budget taken from the
 * invocation's remaining time. Returns the report (the CLI's `--json` shape). A bad payload, or an alert
 * that could not be published in its window, fails the invocation.
 */
export const handler = async (event: unknown, context: Context): Promise<CheckReport> => {
  logger.addContext(context);
  const payload = parsePayload(event);
  const budget = planBudget(Date.now(), context.getRemainingTimeInMillis(), env.PUBLISH_WINDOW_MS);
  logger.info("check started", { mode: payload.mode, endpoints: payload.endpoints ?? "all", remediate: payload.remediate });
  const { report } = await runInvocation(settings, payload, deps(context.awsRequestId), budget);
  logger.info("check finished", { status: report.status, counts: report.counts, durationMs: report.durationMs });
  return compactReport(report, RESULT_MAX_BYTES);
};
