/**
 * SNS subscription filter policies, on the message attributes the checker publishes (see
 * lambda/adapters/aws/alerts.ts). Kept here so the stack and the end-to-end test use the same ones.
 */

/** SMS: pages only for CRITICAL. */
export const SMS_FILTER_POLICY = { severity: ["CRITICAL"] } as const;

/** Email: WARNING and above, plus RESOLVED notices and daily summaries (which may be all OK). */
export const EMAIL_FILTER_POLICY = {
  $or: [{ severity: ["WARNING", "CRITICAL", "UNKNOWN"] }, { status: ["RESOLVED", "SUMMARY"] }],
} as const;

/** A team's subscription: the same policy, on that team's messages only (the `owner` attribute). */
export function forOwner<P extends object>(policy: P, owner: string): P & { owner: string[] } {
  return { ...policy, owner: [owner] };
}
