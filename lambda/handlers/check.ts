import type { Context } from "aws-lambda";
import { publishAlert } from "../adapters/aws/alerts.js";
import { dynamo, secretsProvider, sns } from "../adapters/aws/clients.js";
import { recordMetrics } from "../adapters/aws/metrics.js";
import { lazyParameterGroupClients, parameterGroupRemediator } from "../adapters/aws/parameterGroups.js";
import { logger, metrics } from "../adapters/aws/powertools.js";
import { readSecretDocument } from "../adapters/aws/secrets.js";
import { DynamoStateStore } from "../adapters/aws/stateStore.js";
import { type InvocationDeps, runInvocation } from "../checker/invocation.js";
import { lifecyclePolicy } from "../checker/lifecyclePolicy.js";
import { parsePayload } from "../core/payload.js";
import type { CheckReport } from "../core/report.js";
import { readEnv } from "./env.js";

// Read once at cold start: a bad setting fails the init with the variable's name.
const env = readEnv();

const parameterGroups = parameterGroupRemediator(lazyParameterGroupClients());
const stateStore = env.STATE_TABLE_NAME ? new DynamoStateStore(dynamo, env.STATE_TABLE_NAME) : undefined;

/** Clients are shared across warm invocations; the alert policy holds one run's state, so it is new each time. */
function deps(): InvocationDeps {
  return {
    readSecret: (id) => readSecretDocument(secretsProvider, id, env.SECRETS_MAX_AGE_SECONDS),
    remediateEndpoint: parameterGroups,
    publish: (alert) => publishAlert(sns, env.ALERT_TOPIC_ARN, alert),
    recordMetrics: (report) => recordMetrics(metrics, report),
    log: { info: (m, extra) => logger.info(m, extra ?? {}), warn: (m, extra) => logger.warn(m, extra ?? {}) },
    alertPolicy: stateStore
      ? lifecyclePolicy(stateStore, { consecutive: env.CONSECUTIVE_CHECKS, reminderMs: env.REMINDER_INTERVAL_MINUTES * 60_000 })
      : undefined,
  };
}

/**
 * Scheduled check, daily summary and manual diagnosis in one handler. Returns the report (the CLI's
 * `--json` shape). A bad payload or a failed publish fails the invocation.
 */
export const handler = async (event: unknown, context: Context): Promise<CheckReport> => {
  logger.addContext(context);
  const payload = parsePayload(event);
  logger.info("check started", { mode: payload.mode, endpoints: payload.endpoints ?? "all", remediate: payload.remediate });
  const deadline = Date.now() + context.getRemainingTimeInMillis() - env.DEADLINE_MARGIN_MS;
  const { report } = await runInvocation(env, payload, deps(), deadline);
  logger.info("check finished", { status: report.status, counts: report.counts, durationMs: report.durationMs });
  return report;
};
