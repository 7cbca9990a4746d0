import { Aws, Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { Thresholds } from "../../lambda/core/settings/thresholds.js";
import { type MetricName, NODE_DIMENSIONS, STATUS_SCALE, statusValue } from "../../lambda/core/vocabulary/metrics.js";

export interface CheckerDashboardProps {
  fn: lambda.IFunction;
  namespace: string;
  dashboardName: string;
  /** The thresholds the stack configures for every endpoint: the graphs draw these, not the defaults. */
  thresholds: Thresholds;
}

/** Graphs built from the checker's EMF metrics (core/vocabulary/metrics.ts: one line per endpoint and node) and the function's health. */
export class CheckerDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly url: string;

  constructor(scope: Construct, id: string, props: CheckerDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const t = props.thresholds;
    const search = (metric: MetricName, stat: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${[props.namespace, ...NODE_DIMENSIONS].join(",")}} MetricName="${metric}"', '${stat}', ${period.toSeconds()})`,
        label: "",
        period,
      });
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(3),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: "mem_fragmentation_ratio per node",
            left: [search("FragmentationRatio", "Maximum")],
            leftAnnotations: [
              { value: t.fragmentationWarningRatio, label: `warning (${t.fragmentationWarningRatio})`, color: "#ff7f0e" },
              { value: t.fragmentationCriticalRatio, label: `critical (${t.fragmentationCriticalRatio})`, color: "#d62728" },
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: "Fragmented bytes (RSS over used memory) per node",
            left: [search("FragmentedBytes", "Maximum")],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "used_memory as % of maxmemory per node",
            left: [search("MemoryUsedPercent", "Maximum")],
            leftAnnotations: [
              { value: t.memoryWarningPercent, label: `warning (${t.memoryWarningPercent}%)`, color: "#ff7f0e" },
              { value: t.memoryCriticalPercent, label: `critical (${t.memoryCriticalPercent}%)`, color: "#d62728" },
            ],
            leftYAxis: { min: 0, max: 100 },
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: `Status per node (${STATUS_SCALE})`,
            left: [search("Status", "Maximum")],
            leftYAxis: { min: 0, max: statusValue("UNKNOWN") },
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Hours until full at the recent growth, per node (only while it grows)",
            left: [search("HoursUntilFull", "Minimum")],
            leftAnnotations: [
              { value: t.forecastWarningHours, label: `warning (${t.forecastWarningHours} h)`, color: "#ff7f0e" },
              { value: t.forecastCriticalHours, label: `critical (${t.forecastCriticalHours} h)`, color: "#d62728" },
            ],
            leftYAxis: { min: 0 },
            width: 24,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Checker invocations and errors",
            left: [
              props.fn.metricInvocations({ period }),
              props.fn.metricErrors({ period }),
              props.fn.metricThrottles({ period }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: "Checker duration",
            left: [
              props.fn.metricDuration({ period, statistic: "Maximum" }),
              props.fn.metricDuration({ period, statistic: "Average" }),
            ],
            width: 12,
          }),
        ],
      ],
    });
    this.url = CheckerDashboard.urlFor(props.dashboardName);
  }

  /** The console URL, known before the dashboard exists (the function's environment needs it). */
  static urlFor(dashboardName: string): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${dashboardName}`;
  }
}
