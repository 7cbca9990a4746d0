/**
 * Reads the text of `MEMORY DOCTOR` (Redis `src/object.c`, getMemoryDoctorReport) into flags, so the report
 * can show Redis's own verdict beside ours and the tests can prove the two never disagree.
 */
export type DoctorIssue =
  | "peak"
  | "high-total-rss"
  | "allocator-fragmentation"
  | "allocator-rss"
  | "process-rss"
  | "replica-buffers"
  | "client-buffers"
  | "many-scripts";

export interface DoctorVerdict {
  empty: boolean;
  issues: DoctorIssue[];
}

const MARKERS: Array<[DoctorIssue, RegExp]> = [
  ["peak", /\* Peak memory:/],
  ["high-total-rss", /\* High total RSS:/],
  ["allocator-fragmentation", /\* High allocator fragmentation:/],
  ["allocator-rss", /\* High allocator RSS overhead:/],
  ["process-rss", /\* High process RSS overhead:/],
  ["replica-buffers", /\* Big (replica|slave) buffers:/],
  ["client-buffers", /\* Big client buffers:/],
  ["many-scripts", /\* Many scripts:/],
];

export function parseDoctor(text: string): DoctorVerdict {
  return {
    empty: /instance is empty or is using very little memory/.test(text),
    issues: MARKERS.filter(([, re]) => re.test(text)).map(([issue]) => issue),
  };
}
