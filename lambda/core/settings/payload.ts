import * as z from "zod/mini";
import { describeIssues } from "./issues.js";
import { RemediationModeSchema } from "./schemas.js";
import "./zod.js";

/**
 * What an invocation asks for. A schedule sends `{"mode":"check"}` or `{"mode":"summary"}` (or an EventBridge
 * "Scheduled Event" envelope); a person sends e.g. `{"endpoints":["sessions-prod"],"remediate":"dry-run","notify":false}`.
 */
export const PayloadSchema = z.strictObject({
  mode: z._default(z.enum(["check", "summary"]), "check"),
  /** Endpoint names to check; all configured endpoints when absent. */
  endpoints: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  remediate: z.optional(RemediationModeSchema),
  /** false: return the report without publishing. */
  notify: z._default(z.boolean(), true),
});

export type Payload = z.infer<typeof PayloadSchema>;

export class PayloadError extends Error {
  override name = "PayloadError";
}

export function parsePayload(event: unknown): Payload {
  let input = event ?? {};
  // An EventBridge event envelope: the payload, if any, is its detail.
  if (typeof input === "object" && input !== null && "detail-type" in input && "source" in input) {
    const detail = (input as { detail?: unknown }).detail;
    input = detail && typeof detail === "object" ? detail : {};
  }
  const parsed = PayloadSchema.safeParse(input);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, PayloadSchema, input, "(payload)");
    throw new PayloadError(
      `invalid payload: ${problems.join("; ")}. Expected e.g. {"endpoints":["sessions-prod"],"remediate":"dry-run","notify":false}`,
    );
  }
  return parsed.data;
}
