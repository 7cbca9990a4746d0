import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { CheckReport } from "../../core/report/report.js";
import { STATUSES } from "../../core/vocabulary/types.js";

/**
 * CloudWatch metrics in Embedded Metric Format, one document per node (dimensions Endpoint and Node), so the
 * dashboard and alarms need no extra API calls. Status is 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
export function recordMetrics(run: Metrics, perNode: Metrics, report: CheckReport): void {
  for (const endpoint of report.endpoints) {
    const nodes = endpoint.nodes.length ? endpoint.nodes : [undefined];
    for (const node of nodes) {
      perNode.addDimensions({ Endpoint: endpoint.name, Node: node?.address ?? "none" });
      perNode.addMetric("Status", MetricUnit.Count, STATUSES.indexOf(node?.status ?? endpoint.status));
      const m = node?.metrics;
      if (m?.fragmentationRatio !== undefined) perNode.addMetric("FragmentationRatio", MetricUnit.Count, m.fragmentationRatio);
      if (m?.fragmentationBytes !== undefined) perNode.addMetric("FragmentedBytes", MetricUnit.Bytes, m.fragmentationBytes);
      if (m?.allocatorFragBytes !== undefined)
        perNode.addMetric("AllocatorFragmentedBytes", MetricUnit.Bytes, m.allocatorFragBytes);
      if (m?.memoryUsedPercent !== undefined) perNode.addMetric("MemoryUsedPercent", MetricUnit.Percent, m.memoryUsedPercent);
      if (m) perNode.addMetric("UsedMemory", MetricUnit.Bytes, m.usedMemory);
      // Publishing clears the metrics and dimensions: the next node starts from nothing.
      perNode.publishStoredMetrics();
    }
  }
  run.addMetric("EndpointsChecked", MetricUnit.Count, report.endpoints.length);
  run.addMetric("NodesNotOk", MetricUnit.Count, report.counts.WARNING + report.counts.CRITICAL + report.counts.UNKNOWN);
  run.addMetric("CheckDuration", MetricUnit.Milliseconds, report.durationMs);
  run.publishStoredMetrics();
}
