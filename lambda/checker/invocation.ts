import { splitByOwner } from "../core/alerting/owners.js";
import type { Defaults } from "../core/endpoints/config.js";
import { alertEvents } from "../core/rendering/events.js";
import { type Alert, composeAlert } from "../core/rendering/message.js";
import type { CheckReport } from "../core/report/report.js";
import type { Payload } from "../core/settings/payload.js";
import { errorText } from "../core/vocabulary/errors.js";
import { type RunBudget, signalAt } from "./budget.js";
import { resolveCredentials } from "./credentials.js";
import type {
  AlertEventBus,
  AlertPolicy,
  AlertPublisher,
  Log,
  ManagedDiscovery,
  MetricSource,
  ParameterGroupAccess,
  RedisAccess,
  SecretSource,
} from "./ports.js";
import { runCheck } from "./runCheck.js";
import { type EntryProblem, type RunEntry, readSecretDocument, runEntries } from "./runEntries.js";
import { statelessPolicy } from "./statelessPolicy.js";

/** What an invocation is configured with (the handler maps its environment onto this). */
export interface InvocationSettings {
  secretIds: string[];
  /** Defaults under every secret's own `defaults`. */
  defaults: Defaults;
  concurrency: number;
  dashboardUrl?: string;
}

export interface InvocationDeps {
  redis: RedisAccess;
  secrets: SecretSource;
  publisher: AlertPublisher;
  /** Managed services' parameter groups; absent: none read, none changed. */
  parameterGroups?: ParameterGroupAccess;
  /** Lists managed resources the documents name; absent: such entries are reported as not checked. */
  discovery?: ManagedDiscovery;
  /** CloudWatch, for managed nodes read that way. */
  metrics?: MetricSource;
  /** EventBridge: each alert also as one event per node; absent: none sent. */
  events?: AlertEventBus;
  recordMetrics(report: CheckReport): void;
  log: Log;
  alertPolicy?: AlertPolicy;
  /** The invocation's request id: messages name it, so people find the complete report in the logs. */
  requestId?: string;
}

export interface InvocationResult {
  report: CheckReport;
  /** The first message (the only one unless endpoints have owners). */
  alert?: Alert;
  /** One message per owner. */
  alerts?: Alert[];
  messageId?: string;
  messageIds?: Array<string | undefined>;
}

/** A publish that failed or was not accepted in its window; the invocation fails with it. */
export class PublishError extends Error {
  override name = "PublishError";
}

/**
 * One invocation inside one time budget: secrets and alert state (in parallel, bounded), the checks, then
 * at most one message with its state claims, and the commit or rollback. A manual run with `notify: false`
 * touches no state at all.
 */
export async function runInvocation(
  settings: InvocationSettings,
  payload: Payload,
  deps: InvocationDeps,
  budget: RunBudget,
): Promise<InvocationResult> {
  const policy = payload.notify ? (deps.alertPolicy ?? statelessPolicy) : undefined;
  const setup = signalAt(budget.setupBy);
  const [documents] = await Promise.all([
    Promise.all(settings.secretIds.map((id) => readSecretDocument(deps.secrets, id, setup))),
    policy?.prepare?.(setup),
  ]);
  const run = runEntries({ documents }, settings.defaults, { remediate: payload.remediate });
  logProblems(run.problems, deps.log);
  const unusable = run.problems.some((p) => p.kind === "document");
  // Credentials referenced by the chosen endpoints, in what is left of the setup share.
  const chosen = await resolveCredentials(
    selectEndpoints(run.entries, payload.endpoints, unusable),
    deps.secrets,
    signalAt(budget.setupBy),
  );
  const report = await runCheck(chosen, {
    redis: deps.redis,
    concurrency: run.concurrency ?? settings.concurrency,
    deadline: budget.checksBy,
    parameterGroups: deps.parameterGroups,
    discovery: deps.discovery,
    metrics: deps.metrics,
    previous: policy?.previous?.bind(policy),
  });
  deps.recordMetrics(report);
  logEndpoints(report, deps.log);
  if (!policy) return { report };

  const scope = { allEndpoints: !payload.endpoints && !unusable };
  const selection = await policy.select(report, payload.mode, scope, signalAt(budget.claimsBy));
  const ctx = { dashboardUrl: settings.dashboardUrl, stateNote: selection.stateNote, requestId: deps.requestId };
  // One message per owner: each team's subscription (filtered on `owner`) receives only its own nodes.
  const alerts = splitByOwner(selection.items, report).flatMap((g) => {
    const composed = composeAlert(g.items, report, { ...ctx, owner: g.owner, tags: g.tags });
    return composed ? [composed] : [];
  });
  if (alerts.length === 0) {
    await selection.commit?.(signalAt(budget.end));
    return { report };
  }
  const publishSignal = signalAt(budget.publishBy);
  // Beside the messages, in the same window. An event bus that fails is logged, never a reason to hold back
  // or roll back the messages people read.
  const events = deps.events
    ?.put(alertEvents(selection.items, report, ctx), publishSignal)
    .catch((err) => deps.log.warn("alert events not put on the event bus", { error: errorText(err) }));
  const sent = await Promise.allSettled(alerts.map((alert) => deps.publisher.publish(alert, publishSignal)));
  const failed = sent.findIndex((r) => r.status === "rejected");
  if (failed >= 0) {
    // All or nothing: the claims roll back, so the next run sends every owner's message again. A repeat for
    // a team whose message went out beats a silence for the team whose did not.
    await selection.rollback?.(signalAt(budget.end));
    const err = (sent[failed] as PromiseRejectedResult).reason;
    const subject = alerts[failed]?.subject ?? "";
    const why = publishSignal.aborted ? "no answer within the run's publish window" : errorText(err);
    deps.log.warn("alert not published; its state claims were rolled back", { subject, error: why });
    throw new PublishError(`the alert was not published (${why}): ${subject}`, { cause: err });
  }
  await selection.commit?.(signalAt(budget.end));
  // The state is committed first: a hanging bus holds nothing but itself, and only until the window ends.
  await events;
  const messageIds = sent.map((r) => (r.status === "fulfilled" ? r.value : undefined));
  alerts.forEach((alert, i) => {
    deps.log.info("alert published", {
      subject: alert.subject,
      severity: alert.attributes.severity,
      kind: alert.attributes.status,
      owner: alert.attributes.owner,
      messageId: messageIds[i],
      shownInFull: alert.shown,
      folded: alert.folded,
    });
  });
  return { report, alert: alerts[0], alerts, messageId: messageIds[0], messageIds };
}

/**
 * What keeps entries from being checked, in the function's logs: a secret that cannot be used, a name given
 * twice (each also an UNKNOWN entry of the report; the other endpoints are still checked).
 */
function logProblems(problems: readonly EntryProblem[], log: Log): void {
  for (const p of problems) {
    if (p.kind === "document" && "secretId" in p.from) {
      log.warn("endpoint secret unusable", { secretId: p.from.secretId, error: p.error });
    } else if (p.kind === "clash") {
      log.warn("endpoint name given twice", { endpoint: p.clash.name, places: p.clash.entries.map((e) => e.place) });
    }
  }
}

/**
 * One line per endpoint, under the invocation's request id: every node that needs attention in full (its
 * metrics, findings, actions, error), healthy ones by address. With the result, this is the complete
 * report when an alert had to fold nodes into its tail.
 */
function logEndpoints(report: CheckReport, log: Log): void {
  for (const e of report.endpoints) {
    log.info("endpoint checked", {
      endpoint: e.name,
      status: e.status,
      durationMs: e.durationMs,
      nodes: e.nodes.map((n) => (n.status === "OK" ? { address: n.address, status: n.status } : n)),
      error: e.error,
    });
  }
}

/** A payload's endpoint names; a name that matches nothing is reported, not ignored. */
function selectEndpoints(entries: RunEntry[], names: string[] | undefined, unusable: boolean): RunEntry[] {
  if (!names) return entries;
  const chosen = entries.filter((e) => names.includes(e.name));
  for (const name of names) {
    if (chosen.some((e) => e.name === name)) continue;
    chosen.push({
      name,
      target: "(not configured)",
      error: {
        code: "CONFIG_INVALID",
        message: `no endpoint named ${name} in the configured secrets${unusable ? " (a secret could not be read)" : ""}`,
      },
    });
  }
  return chosen;
}
