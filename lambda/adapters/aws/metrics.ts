import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { CheckReport } from "../../core/report/report.js";
import { METRICS, type MetricName, type NodeDimension, statusValue } from "../../core/vocabulary/metrics.js";

/** Adds one metric under its name and unit (core/vocabulary/metrics.ts). */
function add(to: Metrics, name: MetricName, value: number): void {
  to.addMetric(name, METRICS[name].unit, value);
}

/**
 * CloudWatch metrics in Embedded Metric Format, one document per node (dimensions Endpoint and Node), so the
 * dashboard and alarms need no extra API calls. Every name, unit and dimension is core/vocabulary/metrics.ts's.
 */
export function recordMetrics(run: Metrics, perNode: Metrics, report: CheckReport): void {
  for (const endpoint of report.endpoints) {
    const nodes = endpoint.nodes.length ? endpoint.nodes : [undefined];
    for (const node of nodes) {
      const dimensions: Record<NodeDimension, string> = { Endpoint: endpoint.name, Node: node?.address ?? "none" };
      perNode.addDimensions(dimensions);
      add(perNode, "Status", statusValue(node?.status ?? endpoint.status));
      const m = node?.metrics;
      if (m?.fragmentationRatio !== undefined) add(perNode, "FragmentationRatio", m.fragmentationRatio);
      if (m?.fragmentationBytes !== undefined) add(perNode, "FragmentedBytes", m.fragmentationBytes);
      if (m?.allocatorFragBytes !== undefined) add(perNode, "AllocatorFragmentedBytes", m.allocatorFragBytes);
      if (m?.memoryUsedPercent !== undefined) add(perNode, "MemoryUsedPercent", m.memoryUsedPercent);
      if (m) add(perNode, "UsedMemory", m.usedMemory);
      if (node?.forecast) add(perNode, "HoursUntilFull", node.forecast.hoursToLimit);
      // Publishing clears the metrics and dimensions: the next node starts from nothing.
      perNode.publishStoredMetrics();
    }
  }
  add(run, "EndpointsChecked", report.endpoints.length);
  add(run, "NodesNotOk", report.counts.WARNING + report.counts.CRITICAL + report.counts.UNKNOWN);
  add(run, "CheckDuration", report.durationMs);
  run.publishStoredMetrics();
}
