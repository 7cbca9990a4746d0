import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface CheckerAlarmsProps {
  fn: lambda.Function;
  timeout: Duration;
  /** How often the check is scheduled: the heartbeat allows three missed runs. */
  checkInterval: Duration;
  queues: Record<string, sqs.IQueue>;
  topic: sns.ITopic;
}

/**
 * Alarms on the checker itself, all to the alert topic: a checker that errors, throttles, runs near its
 * timeout, drops schedules or stops running is itself an alert.
 */
export class CheckerAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: CheckerAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const fn = props.fn;
    this.add(
      "Errors",
      fn.metricErrors({ period, statistic: "Sum" }),
      1,
      "The checker failed (including failed alert publishes).",
    );
    this.add("Throttles", fn.metricThrottles({ period, statistic: "Sum" }), 1, "The checker was throttled: checks were skipped.");
    this.add(
      "DurationNearTimeout",
      fn.metricDuration({ period, statistic: "Maximum" }),
      props.timeout.toMilliseconds() * 0.8,
      "A run took over 80% of the timeout: shard the endpoint list or raise the timeout.",
    );
    for (const [name, queue] of Object.entries(props.queues)) {
      this.add(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
        1,
        `${name}: invocations were lost; read the queue's messages for the cause.`,
      );
    }
    const heartbeatPeriod = Duration.minutes(Math.max(5, props.checkInterval.toMinutes() * 3));
    this.add(
      "Heartbeat",
      fn.metricInvocations({ period: heartbeatPeriod, statistic: "Sum" }),
      1,
      "The checker has not run: the schedule is disabled or broken. Redis memory is not being watched.",
      {
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
    );
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      alarm.addOkAction(new actions.SnsAction(props.topic));
    }
  }

  private add(
    id: string,
    metric: cloudwatch.Metric,
    threshold: number,
    description: string,
    extra: Partial<cloudwatch.CreateAlarmOptions> = {},
  ): void {
    this.alarms.push(
      metric.createAlarm(this, id, {
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `redis-memory-checker: ${description}`,
        ...extra,
      }),
    );
  }
}
