import type { RunBudget } from "../core/alerting/budget.js";
import { splitByOwner } from "../core/alerting/owners.js";
import { alertEvents } from "../core/rendering/events.js";
import { type Alert, composeAlert } from "../core/rendering/message.js";
import type { CheckReport } from "../core/report/report.js";
import type { Defaults } from "../core/settings/config.js";
import { type InvalidEndpoint, mergeDefaults } from "../core/settings/endpoint.js";
import { clashText, type NameClash, nameClashes, type PlacedEntry, placeDocument } from "../core/settings/names.js";
import type { Payload } from "../core/settings/payload.js";
import { errorText } from "../core/vocabulary/errors.js";
import { resolveCredentials } from "./credentials.js";
import type { RunEntry } from "./managed.js";
import type {
  AlertEventBus,
  AlertPolicy,
  AlertPublisher,
  Log,
  ManagedDiscovery,
  MetricSource,
  ParameterGroupAccess,
  RedisAccess,
  SecretDocument,
  SecretSource,
} from "./ports.js";
import { runCheck } from "./runCheck.js";
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
  const [docs] = await Promise.all([
    Promise.all(settings.secretIds.map((id) => deps.secrets.read(id, setup))),
    policy?.prepare?.(setup),
  ]);
  const { entries, concurrency } = endpointEntries(settings, docs, payload, deps.log);
  // Credentials referenced by the chosen endpoints, in what is left of the setup share.
  const chosen = await resolveCredentials(
    selectEndpoints(entries, payload.endpoints, docs),
    deps.secrets,
    signalAt(budget.setupBy),
  );
  const report = await runCheck(chosen, {
    redis: deps.redis,
    concurrency,
    deadline: budget.checksBy,
    parameterGroups: deps.parameterGroups,
    discovery: deps.discovery,
    metrics: deps.metrics,
    previous: policy?.previous?.bind(policy),
  });
  deps.recordMetrics(report);
  logEndpoints(report, deps.log);
  if (!policy) return { report };

  const scope = { allEndpoints: !payload.endpoints && docs.every((d) => !d.problem) };
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

function signalAt(deadline: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, deadline - Date.now()));
}

function endpointEntries(
  settings: InvocationSettings,
  docs: SecretDocument[],
  payload: Payload,
  log: Log,
): { entries: RunEntry[]; concurrency: number } {
  const listed: Array<PlacedEntry | InvalidEndpoint> = [];
  let concurrency = settings.concurrency;
  for (const d of docs) {
    if (d.problem) {
      log.warn("endpoint secret unusable", { secretId: d.secretId, error: d.problem.error });
      listed.push(d.problem);
      continue;
    }
    if (!d.document) continue;
    concurrency = mergeDefaults(settings.defaults, d.document.defaults).concurrency ?? concurrency;
    listed.push(...placeDocument(d.document, `secret ${d.secretId}`, settings.defaults, { remediate: payload.remediate }));
  }
  // A name given twice, in one secret or across two, is one UNKNOWN endpoint saying where: neither entry is
  // checked under a name the other's alert state and messages would share. The other endpoints still are.
  const clashes = new Map(
    nameClashes(listed.filter((e): e is PlacedEntry => "place" in e)).flatMap((c) => c.entries.map((p) => [p, c])),
  );
  const reported = new Set<NameClash>();
  const entries = listed.flatMap((e): RunEntry[] => {
    if (!("place" in e)) return [e];
    const clash = clashes.get(e);
    if (!clash) return [e.entry];
    if (reported.has(clash)) return [];
    reported.add(clash);
    const message = clashText(clash);
    log.warn("endpoint name given twice", { endpoint: clash.name, places: clash.entries.map((p) => p.place) });
    return [
      { name: clash.name, target: clash.entries.map((p) => p.place).join(", "), error: { code: "CONFIG_INVALID", message } },
    ];
  });
  return { entries, concurrency };
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
function selectEndpoints(entries: RunEntry[], names: string[] | undefined, docs: SecretDocument[]): RunEntry[] {
  if (!names) return entries;
  const chosen = entries.filter((e) => names.includes(e.name));
  for (const name of names) {
    if (chosen.some((e) => e.name === name)) continue;
    chosen.push({
      name,
      target: "(not configured)",
      error: {
        code: "CONFIG_INVALID",
        message: `no endpoint named ${name} in the configured secrets${docs.some((d) => d.problem) ? " (a secret could not be read)" : ""}`,
      },
    });
  }
  return chosen;
}
