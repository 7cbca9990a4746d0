import type { AlertItem, AlertKind } from "../alerting/items.js";
import { printable } from "../vocabulary/printable.js";
import type { Status } from "../vocabulary/types.js";
import { formatRatio } from "../vocabulary/units.js";
import { nextSteps, shownFindings } from "./node.js";

/** Chat clients show a card, not a report: the worst few nodes, the next steps, and where the rest is. */
const CHAT_NODES = 5;
const CHAT_NEXT_STEPS = 5;
/** Well inside SNS's 256 KB for the whole message structure, beside the email. */
export const CHAT_MAX_BYTES = 16 * 1024;

/**
 * AWS Chatbot's (Amazon Q Developer in chat applications) custom notification schema, which it renders in
 * Slack and Microsoft Teams: `{"version":"1.0","source":"custom","content":{…}}`. Sent as the message for
 * HTTPS subscribers, which is how Chatbot subscribes to an SNS topic.
 */
export function chatNotification(
  kind: AlertKind,
  severity: Status,
  subject: string,
  ordered: readonly AlertItem[],
  ctx: { dashboardUrl?: string; requestId?: string; owner?: string },
): string {
  const shown = ordered.slice(0, CHAT_NODES);
  const lines = shown.map((i) => {
    const m = i.node.metrics;
    const f = shownFindings(i.node.findings).find((x) => x.severity !== "INFO") ?? i.node.findings[0];
    const ratio = m?.fragmentationRatio !== undefined ? `, ratio ${formatRatio(m.fragmentationRatio)}` : "";
    const what = i.kind === "RESOLVED" ? "OK again" : `${f?.code ?? i.node.status}${f?.summary ? `: ${f.summary}` : ""}`;
    return `*${i.node.status}* ${i.endpoint} \`${i.node.address}\`: ${what}${ratio}`;
  });
  const more = ordered.length - shown.length;
  if (more > 0) lines.push(`… and ${more} more node${more === 1 ? "" : "s"} in the email and the invocation's logs.`);
  const steps = [
    ...new Set(
      shown.flatMap((i) => nextSteps(shownFindings(i.node.findings), [...i.node.actions, ...(i.endpointActions ?? [])])),
    ),
  ].slice(0, CHAT_NEXT_STEPS);
  if (ctx.dashboardUrl) steps.push(`Dashboard: ${ctx.dashboardUrl}`);
  const notification = {
    version: "1.0",
    source: "custom",
    ...(ctx.requestId ? { id: ctx.requestId } : {}),
    content: {
      textType: "client-markdown",
      title: printable(subject),
      description: printable(lines.join("\n")),
      nextSteps: steps.map((s) => printable(s)),
      keywords: [severity, kind, ...(ctx.owner ? [ctx.owner] : []), ...new Set(shown.map((i) => i.endpoint))]
        .map((k) => printable(k))
        .slice(0, 10),
    },
    metadata: {
      threadId: `redis-memory-checker-${ordered[0]?.endpoint ?? "fleet"}`,
      summary: printable(subject),
      eventType: `Redis Memory ${kind}`,
      additionalContext: { severity, nodes: String(ordered.length), ...(ctx.owner ? { owner: ctx.owner } : {}) },
    },
  };
  const text = JSON.stringify(notification);
  if (new TextEncoder().encode(text).length <= CHAT_MAX_BYTES) return text;
  notification.content.description = `${notification.content.description.slice(0, CHAT_MAX_BYTES / 4)}…`;
  notification.content.nextSteps = notification.content.nextSteps.map((s) => s.slice(0, 500));
  return JSON.stringify(notification);
}
