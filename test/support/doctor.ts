import type { DoctorIssue } from "../../lambda/core/parsing/doctor.js";
import type { FindingCode } from "../../lambda/core/vocabulary/types.js";

/**
 * Our finding for each of MEMORY DOCTOR's memory reports: wherever the server's own doctor reports one, the
 * checker raises the other, and the reverse. The one table for the unit tests on captures
 * (test/unit/rules/evaluate.test.ts) and the integration tests on live servers (builds, checker).
 */
export const DOCTOR_PAIRS: ReadonlyArray<readonly [FindingCode, DoctorIssue]> = [
  ["ALLOCATOR_FRAGMENTATION", "allocator-fragmentation"],
  ["ALLOCATOR_RSS_RETAINED", "allocator-rss"],
  ["PEAK_RETAINED", "peak"],
  ["RSS_OVERHEAD", "process-rss"],
];

/** The doctor's "high-total-rss": either of our findings on the total ratio. */
export const DOCTOR_HIGH_TOTAL_RSS: readonly FindingCode[] = ["FRAGMENTATION_HIGH", "FRAGMENTATION_MODERATE"];

/** The doctor's "empty or using very little memory". */
export const DOCTOR_EMPTY: FindingCode = "EMPTY_INSTANCE";
