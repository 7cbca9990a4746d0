import type { SecretDocument } from "../adapters/aws/secrets.js";
import { type Alert, type AlertItem, alertItemsWithoutState, composeAlert, summaryItems } from "../core/alert.js";
import type { Defaults } from "../core/config.js";
import { resolveEndpoint } from "../core/endpoint.js";
import type { PreviousObservation } from "../core/facts.js";
import type { Payload } from "../core/payload.js";
import type { CheckReport } from "../core/report.js";
import type { HandlerEnv } from "../handlers/env.js";
import type { EndpointRemediator } from "./checkEndpoint.js";
import { type EndpointEntry, runCheck } from "./runCheck.js";

export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** Decides which nodes a message is about; the alert lifecycle (state table) plugs in here. */
export interface AlertPolicy {
  /** Before the check: load what earlier runs saw. */
  prepare?(): Promise<void>;
  /** What the previous check saw of a node (for defrag progress). */
  previous?(endpoint: string, address: string): PreviousObservation | undefined;
  select(report: CheckReport, mode: Payload["mode"]): Promise<AlertSelection>;
}

export interface AlertSelection {
  items: AlertItem[];
  stateNote?: string;
  /** After a successful publish (or when nothing is sent). */
  commit?(): Promise<void>;
  /** After a failed publish. */
  rollback?(): Promise<void>;
}

export interface InvocationDeps {
  readSecret(secretId: string): Promise<SecretDocument>;
  /** Managed-service repairs (parameter groups); absent: none attempted. */
  remediateEndpoint?: EndpointRemediator;
  publish(alert: Alert): Promise<string | undefined>;
  recordMetrics(report: CheckReport): void;
  log: Log;
  alertPolicy?: AlertPolicy;
}

export interface InvocationResult {
  report: CheckReport;
  alert?: Alert;
  messageId?: string;
}

/** Without state: every non-OK node alerts on every run; the summary lists every node. */
export const statelessPolicy: AlertPolicy = {
  async select(report, mode) {
    if (mode === "summary") {
      return { items: summaryItems(report) };
    }
    return { items: alertItemsWithoutState(report) };
  },
};

/** One invocation: endpoints from the secrets, a bounded check, metrics, logs, and at most one alert. */
export async function runInvocation(
  env: HandlerEnv,
  payload: Payload,
  deps: InvocationDeps,
  deadline: number,
): Promise<InvocationResult> {
  const docs = await Promise.all(env.ENDPOINTS_SECRET_IDS.map((id) => deps.readSecret(id)));
  const envDefaults: Defaults = {
    remediation: { mode: env.REMEDIATION_MODE },
    thresholds: env.THRESHOLDS,
    timeouts: { connectMs: env.CONNECT_TIMEOUT_MS, commandMs: env.COMMAND_TIMEOUT_MS },
  };
  const entries: EndpointEntry[] = [];
  let concurrency = env.CONCURRENCY;
  for (const d of docs) {
    if (d.problem) {
      deps.log.warn("endpoint secret unusable", { secretId: d.secretId, error: d.problem.error });
      entries.push(d.problem);
      continue;
    }
    const doc = d.document;
    if (!doc) continue;
    const defaults = mergeDefaults(envDefaults, doc.defaults);
    concurrency = doc.defaults.concurrency ?? concurrency;
    for (const input of doc.endpoints) entries.push(resolveEndpoint(input, defaults, payload.remediate));
  }

  const selected = selectEndpoints(
    entries,
    payload.endpoints,
    docs.some((d) => d.problem),
  );
  const policy = deps.alertPolicy ?? statelessPolicy;
  await policy.prepare?.();
  const report = await runCheck(selected, {
    concurrency,
    deadline,
    remediateEndpoint: deps.remediateEndpoint,
    previous: policy.previous?.bind(policy),
  });
  deps.recordMetrics(report);
  for (const e of report.endpoints) {
    deps.log.info("endpoint checked", {
      endpoint: e.name,
      status: e.status,
      durationMs: e.durationMs,
      nodes: e.nodes.map((n) => ({
        address: n.address,
        status: n.status,
        error: n.error?.code,
        findings: n.findings.filter((f) => f.severity !== "INFO").map((f) => f.code),
      })),
      error: e.error,
    });
  }

  if (!payload.notify) return { report };
  const { items, stateNote, commit, rollback } = await policy.select(report, payload.mode);
  const alert = composeAlert(items, report, { dashboardUrl: env.DASHBOARD_URL, stateNote });
  if (!alert) {
    await commit?.();
    return { report };
  }
  let messageId: string | undefined;
  try {
    messageId = await deps.publish(alert);
  } catch (err) {
    await rollback?.();
    throw err;
  }
  await commit?.();
  deps.log.info("alert published", {
    subject: alert.subject,
    severity: alert.attributes.severity,
    kind: alert.attributes.status,
    messageId,
  });
  return { report, alert, messageId };
}

function mergeDefaults(base: Defaults, over: Defaults): Defaults {
  return {
    remediation: { ...base.remediation, ...over.remediation },
    thresholds: { ...base.thresholds, ...over.thresholds },
    timeouts: { ...base.timeouts, ...over.timeouts },
    concurrency: over.concurrency ?? base.concurrency,
  };
}

/** A payload's endpoint names; a name that matches nothing is reported, not ignored. */
function selectEndpoints(entries: EndpointEntry[], names: string[] | undefined, someSecretFailed: boolean): EndpointEntry[] {
  if (!names) return entries;
  const chosen = entries.filter((e) => names.includes(e.name));
  for (const name of names) {
    if (chosen.some((e) => e.name === name)) continue;
    chosen.push({
      name,
      target: "(not configured)",
      error: {
        code: "CONFIG_INVALID",
        message: `no endpoint named ${name} in the configured secrets${someSecretFailed ? " (a secret could not be read)" : ""}`,
      },
    });
  }
  return chosen;
}
