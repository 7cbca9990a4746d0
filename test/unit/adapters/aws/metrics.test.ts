import type { Metrics } from "@aws-lambda-powertools/metrics";
import { describe, expect, it } from "vitest";
import { recordMetrics } from "../../../../lambda/adapters/aws/metrics.js";
import type { NodeReport } from "../../../../lambda/core/report/report.js";
import { METRICS, NODE_DIMENSIONS } from "../../../../lambda/core/vocabulary/metrics.js";
import { reportOf } from "../../../support/reports.js";

/** What the adapter hands Powertools: each published document's dimensions and metrics. */
function recorder() {
  const documents: Array<{ dimensions: Record<string, string>; metrics: Array<[string, string, number]> }> = [];
  let open = { dimensions: {} as Record<string, string>, metrics: [] as Array<[string, string, number]> };
  const metrics = {
    addDimensions: (d: Record<string, string>) => Object.assign(open.dimensions, d),
    addMetric: (name: string, unit: string, value: number) => open.metrics.push([name, unit, value]),
    publishStoredMetrics: () => {
      documents.push(open);
      open = { dimensions: {}, metrics: [] };
    },
  };
  return { documents, metrics: metrics as unknown as Metrics };
}

const NODE: NodeReport = {
  address: "10.0.0.1:6379",
  status: "WARNING",
  durationMs: 3,
  metrics: {
    engine: "redis",
    usedMemory: 1_000_000,
    fragmentationRatio: 1.8,
    fragmentationBytes: 800_000,
    allocatorFragBytes: 200_000,
    memoryUsedPercent: 40,
  },
  findings: [],
  actions: [],
  forecast: { hoursToLimit: 4.5, bytesPerHour: 100_000, limitBytes: 2_500_000, confidence: "high", samples: 12 },
};

describe("recordMetrics", () => {
  it("emits every metric of core/vocabulary/metrics.ts, under its name and unit, and no other", () => {
    // Prepare
    const run = recorder();
    const perNode = recorder();

    // Act
    recordMetrics(run.metrics, perNode.metrics, reportOf([["cache", NODE]]));

    // Assess
    const emitted = [...perNode.documents, ...run.documents].flatMap((d) => d.metrics);
    expect(emitted.map(([name, unit]) => [name, unit])).toEqual(Object.entries(METRICS).map(([name, spec]) => [name, spec.unit]));
    expect(Object.keys(perNode.documents[0]?.dimensions ?? {})).toEqual([...NODE_DIMENSIONS]);
    expect(perNode.documents[0]?.metrics[0]).toEqual(["Status", "Count", 1]);
  });

  it("gives an endpoint without a node its Status under the node none, and nothing else", () => {
    const run = recorder();
    const perNode = recorder();
    const report = reportOf([["cache", NODE]]);
    report.endpoints = [{ ...(report.endpoints[0] as (typeof report.endpoints)[number]), status: "UNKNOWN", nodes: [] }];

    recordMetrics(run.metrics, perNode.metrics, report);

    expect(perNode.documents).toEqual([{ dimensions: { Endpoint: "cache", Node: "none" }, metrics: [["Status", "Count", 3]] }]);
  });
});
