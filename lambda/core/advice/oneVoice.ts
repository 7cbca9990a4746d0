import { fragmentationCause } from "../analysis/fragmentationCause.js";
import type { NodeFacts } from "../rules/facts.js";
import type { Thresholds } from "../settings/thresholds.js";
import { type ActionResult, type Finding, NOTHING_TO_DO } from "../vocabulary/types.js";
import { type DefragStance, defragStance, purgeHelps } from "./defragStance.js";

/**
 * One voice for a node's report: the rules each say what their figure means; this decides, once, what the
 * report advises about active defrag and MEMORY PURGE from everything the run knows (the diagnosis, each
 * action's outcome, the allocator and the build, whether defrag is on and since when), and words every next
 * step from that. No line advises a command another line rules out.
 */
export function speakWithOneVoice(
  facts: Pick<NodeFacts, "memory" | "defrag" | "configError" | "cloudwatch">,
  findings: readonly Finding[],
  actions: readonly ActionResult[],
  t: Thresholds,
): Finding[] {
  const stance = defragStance(facts, findings, actions, t);
  const purge = purgeHelps(facts, t);
  const cause = fragmentationCause(facts.memory, t).cause;
  return findings.flatMap((f): Finding[] => {
    switch (f.code) {
      case "ACTIVE_DEFRAG_OFF": {
        const nextStep = defragOffStep(stance, f.nextStep);
        return nextStep === undefined ? [] : [{ ...f, nextStep }];
      }
      case "ALLOCATOR_FRAGMENTATION":
        return [{ ...f, nextStep: allocatorFragmentationStep(stance, f.nextStep) }];
      case "FRAGMENTATION_HIGH":
        if (cause === "allocator-fragmentation") return [{ ...f, nextStep: fragmentationStep(stance, f.nextStep) }];
        // Pages the allocator keeps: MEMORY PURGE only where it has enough of them to be worth one.
        if (cause === "allocator-retained" && !purge) {
          return [{ ...f, nextStep: "A failover or restart in a quiet window reclaims it; active defrag does not." }];
        }
        return [f];
      case "ACTIVE_DEFRAG":
        // Read a moment after this run turned it on: not "idle", it has not begun its first cycle yet.
        return stance.kind === "enabled-now" && f.nextStep === NOTHING_TO_DO
          ? [
              {
                ...f,
                meaning: "Active defrag was turned on by this run and had not begun its first cycle when it was read again.",
                nextStep: "Turned on by this run: it compacts in the background; the next run shows what it moved.",
              },
            ]
          : [f];
      case "PEAK_RETAINED":
        return [
          {
            ...f,
            nextStep: purge
              ? "Harmless if data grows back; MEMORY PURGE returns the pages the allocator keeps, and a restart in a quiet window reclaims the rest."
              : "Harmless if data grows back; otherwise a failover or restart in a quiet window reclaims it.",
          },
        ];
      default:
        return [f];
    }
  });
}

/** The runbook's checklist item, read as the cure, as prevention, or as what this build cannot do. */
function defragOffStep(stance: DefragStance, asWritten: string): string | undefined {
  switch (stance.kind) {
    case "enabled-now":
    case "on":
      return undefined;
    case "build-cannot":
      return stance.why === "system-jemalloc"
        ? "This build has no active defrag (Valkey on the system jemalloc); Valkey built with its vendored jemalloc has it."
        : "This build refuses active defrag (not the server's bundled jemalloc); a build from the Redis or Valkey source tarball has it.";
    case "not-the-cure":
      return `As prevention, not as today's fix (today's excess is ${stance.excess}, which active defrag does not move): set activedefrag yes in the configuration file, so fragmentation that builds up later is compacted.`;
    default:
      return asWritten;
  }
}

function allocatorFragmentationStep(stance: DefragStance, asWritten: string): string {
  switch (stance.kind) {
    case "enabled-now":
      return "Active defrag was turned on by this run to compact it.";
    case "on":
      return "Active defrag is on: it compacts this part as it runs.";
    case "parameter-group":
      return "Set activedefrag yes in the cluster's custom parameter group to compact it.";
    case "cure":
      return "Active defrag compacts this: CONFIG SET activedefrag yes.";
    case "build-cannot":
      return "This build cannot run active defrag; a failover or restart in a quiet window reclaims it.";
    default:
      return asWritten;
  }
}

/** FRAGMENTATION_HIGH whose excess is allocator fragmentation: what to do given what defrag is doing. */
function fragmentationStep(stance: DefragStance, asWritten: string): string {
  switch (stance.kind) {
    case "enabled-now":
      return "Active defrag was turned on by this run; it compacts in the background, and the next run shows the ratio falling.";
    case "build-cannot":
      return "This build cannot run active defrag: fail over or restart in a quiet window to reclaim it now, and run a build with the bundled jemalloc (Redis's and Valkey's own) to get active defrag.";
    default:
      return asWritten;
  }
}
