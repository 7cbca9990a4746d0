import type { Redis } from "ioredis";
import {
  classifyCommandError,
  dryRunResult,
  type RemediationOptions,
  type RemediationPlan,
} from "../../core/remediation/plan.js";
import { printable } from "../../core/vocabulary/printable.js";
import type { ActionResult } from "../../core/vocabulary/types.js";

/**
 * Carries out a plan: in dry-run it only describes; in `on` it sends each command and reports the server's
 * answer. A CONFIG that was already refused on read is reported as such even in dry-run.
 */
export async function applyPlan(
  redis: Redis,
  plan: RemediationPlan,
  options: RemediationOptions,
  configError: string | undefined,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [...plan.settled];
  for (const planned of plan.actions) {
    const command = planned.command.join(" ");
    if (planned.action === "ENABLE_ACTIVEDEFRAG" && configError) {
      const refused = classifyCommandError(configError, options);
      if (refused.outcome !== "failed") {
        results.push({
          action: planned.action,
          command,
          reason: planned.reason,
          serverMessage: printable(configError),
          ...refused,
        });
        continue;
      }
    }
    if (options.mode !== "on") {
      results.push(dryRunResult(planned));
      continue;
    }
    try {
      const [name, ...args] = planned.command;
      const reply = await redis.call(name as string, ...args);
      results.push({
        action: planned.action,
        command,
        outcome: "applied",
        reason: planned.reason,
        serverMessage: printable(String(reply)),
      });
    } catch (err) {
      const message = printable(err instanceof Error ? err.message : String(err));
      results.push({
        action: planned.action,
        command,
        reason: planned.reason,
        serverMessage: message,
        ...classifyCommandError(message, options),
      });
    }
  }
  return results;
}
