import type { AlertItem, AlertKind } from "../alerting/items.js";
import type { Status } from "../vocabulary/types.js";
import { engineLabel, headline, where } from "./headline.js";
import { ascii } from "./subject.js";

export const SMS_MAX = 140;

/** At most 140 characters: the worst node first, then as many others as fit, then "+N more". */
export function smsText(kind: AlertKind, severity: Status, ordered: AlertItem[], at: number): string {
  const label = kind === "RESOLVED" ? "RESOLVED" : severity;
  const part = (i: AlertItem) => ascii(`${where(i)} ${headline(i, at)}`);
  let text = ascii(`${label} ${ordered[0] ? engineLabel(ordered[0]) : "Redis"} `) + (ordered[0] ? part(ordered[0]) : "");
  let shown = 1;
  // Only the first few can fit; never render thousands of parts to find that out.
  for (; shown < Math.min(ordered.length, 20); shown++) {
    const candidate = `${text}; ${part(ordered[shown] as AlertItem)}`;
    const remaining = ordered.length - shown - 1;
    if (`${candidate}${remaining ? ` +${remaining} more` : ""}`.length > SMS_MAX) break;
    text = candidate;
  }
  const rest = ordered.length - shown;
  const tail = rest > 0 ? ` +${rest} more` : "";
  return `${text.slice(0, SMS_MAX - tail.length)}${tail}`;
}
