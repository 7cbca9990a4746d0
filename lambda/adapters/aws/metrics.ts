import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { CheckReport } from "../../core/report.js";
import { STATUSES } from "../../core/types.js";

/**
 * CloudWatch metrics in Embedded Metric Format, one set per node (dimensions Endpoint and Node), so the
 * dashboard and alarms need no extra API calls. Status is 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
export function recordMetrics(metrics: Metrics, report: CheckReport): void {
  for (const endpoint of report.endpoints) {
    const nodes = endpoint.nodes.length ? endpoint.nodes : [undefined];
    for (const node of nodes) {
      const single = metrics.singleMetric();
      single.addDimensions({ Endpoint: endpoint.name, Node: node?.address ?? "none" });
      single.addMetric("Status", MetricUnit.Count, STATUSES.indexOf(node?.status ?? endpoint.status));
      const m = node?.metrics;
      if (m?.fragmentationRatio !== undefined) single.addMetric("FragmentationRatio", MetricUnit.Count, m.fragmentationRatio);
      if (m?.fragmentationBytes !== undefined) single.addMetric("FragmentedBytes", MetricUnit.Bytes, m.fragmentationBytes);
      if (m?.allocatorFragBytes !== undefined)
        single.addMetric("AllocatorFragmentedBytes", MetricUnit.Bytes, m.allocatorFragBytes);
      if (m?.memoryUsedPercent !== undefined) single.addMetric("MemoryUsedPercent", MetricUnit.Percent, m.memoryUsedPercent);
      if (m) single.addMetric("UsedMemory", MetricUnit.Bytes, m.usedMemory);
      single.publishStoredMetrics();
    }
  }
  metrics.addMetric("EndpointsChecked", MetricUnit.Count, report.endpoints.length);
  metrics.addMetric("NodesNotOk", MetricUnit.Count, report.counts.WARNING + report.counts.CRITICAL + report.counts.UNKNOWN);
  metrics.addMetric("CheckDuration", MetricUnit.Milliseconds, report.durationMs);
  metrics.publishStoredMetrics();
}
