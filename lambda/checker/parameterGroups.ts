import type { ParameterGroupRef, RemediationOptions } from "../core/endpoints/endpoint.js";
import {
  appliedGroupAction,
  decideParameterGroup,
  parameterGroupToRead,
  refusedGroupAction,
} from "../core/remediation/parameterGroup.js";
import { errorText } from "../core/vocabulary/errors.js";
import type { ActionResult } from "../core/vocabulary/types.js";
import type { ParameterGroupAccess } from "./ports.js";

/**
 * The parameter groups of one run: each group's `activedefrag` read at most once (every managed node of the
 * endpoint asks), and the endpoint-wide repair carried out as the core decides it.
 */
export class RunParameterGroups {
  private readonly values = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly access: ParameterGroupAccess,
    /** The run's deadline, as a fresh signal for each call. */
    private readonly signal: () => AbortSignal,
  ) {}

  /** The group's current `activedefrag`; undefined when it cannot be read (the change, if any, then decides). */
  value(ref: ParameterGroupRef): Promise<string | undefined> {
    const key = `${ref.service}:${ref.region ?? ""}:${ref.name}`;
    const known = this.values.get(key);
    if (known) return known;
    const value = this.access.read(ref, this.signal()).catch(() => undefined);
    this.values.set(key, value);
    return value;
  }

  /** `activedefrag yes` in the endpoint's group, where a node needs it, in the endpoint's mode. */
  async remediate(options: RemediationOptions, needed: boolean): Promise<ActionResult[]> {
    const toRead = parameterGroupToRead(options, needed);
    const decision = decideParameterGroup(options, needed, toRead ? await this.value(toRead) : undefined);
    if (decision.kind === "none") return [];
    if (decision.kind === "settled") return [decision.result];
    const ref = options.parameterGroup as ParameterGroupRef;
    try {
      await this.access.enableActiveDefrag(ref, this.signal());
      return [appliedGroupAction(ref, decision.reason)];
    } catch (err) {
      return [refusedGroupAction(ref, decision.reason, (err as { name?: string })?.name ?? "", errorText(err))];
    }
  }
}
