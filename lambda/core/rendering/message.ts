import type { AlertItem, AlertKind } from "../alerting/items.js";
import type { CheckReport } from "../report/report.js";
import { STATUS_RANK, type Status, worstStatus } from "../vocabulary/types.js";
import { chatNotification } from "./chat.js";
import { type EmailContext, emailBody } from "./email.js";
import { smsText } from "./sms.js";
import { subjectLine } from "./subject.js";

/** SNS rejects a publish whose message (the whole `MessageStructure: json` document) is over 256 KB. */
export const SNS_MESSAGE_MAX_BYTES = 262_144;
/** Filter policies match on `endpoints`; past this many names the attribute lists the worst ones only. */
export const ENDPOINTS_ATTRIBUTE_MAX = 100;

export interface Alert {
  kind: AlertKind;
  subject: string;
  email: string;
  sms: string;
  /** AWS Chatbot's custom notification (JSON), for HTTPS subscribers (Slack, Microsoft Teams). */
  chat: string;
  /** SNS message attributes: subscriptions filter on these (SMS: severity CRITICAL). */
  attributes: {
    severity: Status;
    endpoint: string;
    status: AlertKind;
    endpoints: string[];
    /** The team whose nodes this message is about (one message per owner). */
    owner?: string;
    /** The endpoints' tags as `key=value`. */
    tags?: string[];
  };
  /** How many items the email shows in full, and how many it folds into its grouped tail. */
  shown: number;
  folded: number;
}

export type AlertContext = EmailContext & { owner?: string; tags?: string[] };

/** Builds the one message of a run, or nothing when there is nothing to say. It always fits SNS's limits. */
export function composeAlert(items: AlertItem[], report: CheckReport, ctx: AlertContext = {}): Alert | undefined {
  if (items.length === 0) return undefined;
  const ordered = [...items].sort((a, b) => rank(b) - rank(a));
  const top = ordered[0] as AlertItem;
  const severity = worstStatus(ordered.filter((i) => i.kind !== "RESOLVED").map((i) => i.node.status));
  const kind = messageKind(ordered);
  const email = emailBody(kind, severity, ordered, report, ctx);
  const subject = subjectLine(kind, severity, ordered, report);
  return {
    kind,
    subject,
    chat: chatNotification(kind, severity, subject, ordered, ctx),
    email: email.text,
    sms: smsText(kind, severity, ordered, Date.parse(report.finishedAt)),
    attributes: {
      severity,
      endpoint: top.endpoint,
      status: kind,
      endpoints: [...new Set(ordered.map((i) => i.endpoint))].slice(0, ENDPOINTS_ATTRIBUTE_MAX),
      ...(ctx.owner ? { owner: ctx.owner } : {}),
      ...(ctx.tags?.length ? { tags: ctx.tags.slice(0, ENDPOINTS_ATTRIBUTE_MAX) } : {}),
    },
    shown: email.shown,
    folded: email.folded,
  };
}

function rank(i: AlertItem): number {
  return i.kind === "RESOLVED" ? -1 : STATUS_RANK[i.node.status];
}

function messageKind(items: AlertItem[]): AlertKind {
  const kinds = new Set(items.map((i) => i.kind));
  if (kinds.has("SUMMARY")) return "SUMMARY";
  for (const k of ["FIRING", "CHANGED", "REMINDER", "ACTION"] as const) if (kinds.has(k)) return k;
  return "RESOLVED";
}

export interface SnsMessage {
  Subject: string;
  /** `MessageStructure: json`: `default` (email and the other protocols), `sms`, and `https` (Chatbot's schema). */
  Message: string;
  MessageAttributes: Record<string, { DataType: "String" | "String.Array"; StringValue: string }>;
  /** What SNS counts against its limit: the message and its attributes. */
  bytes: number;
}

/** The publish request's content, measured; the adapter only sends it. */
export function snsMessage(alert: Alert): SnsMessage {
  const Message = JSON.stringify({ default: alert.email, sms: alert.sms, https: alert.chat });
  const a = alert.attributes;
  const MessageAttributes: SnsMessage["MessageAttributes"] = {
    severity: { DataType: "String", StringValue: a.severity },
    status: { DataType: "String", StringValue: a.status },
    endpoint: { DataType: "String", StringValue: a.endpoint },
    endpoints: { DataType: "String.Array", StringValue: JSON.stringify(a.endpoints) },
    ...(a.owner ? { owner: { DataType: "String", StringValue: a.owner } } : {}),
    ...(a.tags ? { tags: { DataType: "String.Array", StringValue: JSON.stringify(a.tags) } } : {}),
  };
  const encoder = new TextEncoder();
  let bytes = encoder.encode(Message).length;
  for (const [name, attr] of Object.entries(MessageAttributes)) {
    bytes += encoder.encode(name).length + attr.DataType.length + encoder.encode(attr.StringValue).length;
  }
  return { Subject: alert.subject, Message, MessageAttributes, bytes };
}
