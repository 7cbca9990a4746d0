import { credentialsSecretOf } from "../checker/credentials.js";
import { isManaged, type RunEntry } from "../checker/runEntries.js";

/**
 * Whether a run calls AWS at all: managed entries (discovery, CloudWatch), credentials secrets, or a
 * parameter group named for remediation. Only then does the CLI load its AWS side and the SDK (the SDK
 * costs more start-up than the rest of the CLI, and warns on stderr under Node versions it no longer supports).
 */
export function needsAws(entries: readonly RunEntry[]): boolean {
  return entries.some(
    (e) =>
      isManaged(e) || credentialsSecretOf(e) !== undefined || (!("error" in e) && e.remediation.parameterGroup !== undefined),
  );
}
