import { describe, expect, it } from "vitest";
import { progressLine } from "../../../lambda/cli/progress.js";

describe("the progress line", () => {
  const run = (isTTY: boolean, enabled = true) => {
    let t = 0;
    const written: string[] = [];
    const line = progressLine({ write: (s: string) => written.push(s), isTTY }, enabled, () => t);
    line.update({ endpointsDone: 1, endpointsTotal: 4, nodes: 3, failures: 0 });
    t = 1500;
    line.update({ endpointsDone: 2, endpointsTotal: 4, nodes: 7, failures: 1 });
    line.done();
    return written;
  };

  it("after a second on a terminal: nodes and failures so far, erased before the report", () => {
    expect(run(true)).toEqual(["\r\u001b[Kchecked 2 of 4 endpoints (7 nodes), 1 failed", "\r\u001b[K"]);
  });

  it("never in a pipe, nor when disabled (--json, nagios, prometheus, CI)", () => {
    expect(run(false)).toEqual([]);
    expect(run(true, false)).toEqual([]);
  });
});
