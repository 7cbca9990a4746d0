import { type ActionResult, type Finding, type FindingCode, NOTHING_TO_DO } from "../vocabulary/types.js";

/**
 * The parts of a node's story every renderer (terminal, email, chat) tells the same way: which findings
 * show, how an action reads, and the next steps.
 */

/** INFO findings shown without --verbose and in alerts: they explain why a number is not an alert, or what is being done. */
export const SHOWN_WHEN_QUIET: ReadonlySet<FindingCode> = new Set<FindingCode>([
  "EMPTY_INSTANCE",
  "FRAGMENTATION_SMALL",
  "PEAK_RETAINED",
  "ALLOCATOR_FRAGMENTATION",
  "ACTIVE_DEFRAG",
  "MAXMEMORY_UNSET",
  "MAXMEMORY_FORECAST",
  "FRAGMENTATION_RISING",
]);

export function shownFindings(findings: readonly Finding[], verbose = false): Finding[] {
  return findings.filter((f) => verbose || f.severity !== "INFO" || SHOWN_WHEN_QUIET.has(f.code));
}

/** Whether a finding's next step is worth a line (explanations have none). */
export function hasNextStep(f: Finding): boolean {
  return f.nextStep !== NOTHING_TO_DO;
}

/** `CONFIG SET activedefrag yes: refused. <reason> Server said: …` */
export function actionLine(a: ActionResult): string {
  const said = a.serverMessage && a.outcome !== "applied" ? ` Server said: ${a.serverMessage}` : "";
  return `${a.command}: ${a.outcome}. ${a.reason}${said}`;
}

/** What a person should do: the alerting findings' steps, then those of actions that did not apply. */
export function nextSteps(findings: readonly Finding[], actions: readonly ActionResult[]): string[] {
  return [
    ...new Set([
      ...findings.filter((f) => f.severity !== "INFO" && hasNextStep(f)).map((f) => f.nextStep),
      ...actions.flatMap((a) => (a.nextStep && a.outcome !== "applied" ? [a.nextStep] : [])),
    ]),
  ];
}
