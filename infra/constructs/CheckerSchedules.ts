import { Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface CheckerSchedulesProps {
  fn: lambda.IFunction;
  check: scheduler.ScheduleExpression;
  summary: scheduler.ScheduleExpression;
}

/**
 * EventBridge Scheduler: the regular check and a daily summary. Delivery is retried a few times within a
 * short age (a late check is worth less than the next one) and then lands in a dead-letter queue.
 */
export class CheckerSchedules extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly check: scheduler.Schedule;
  readonly summary: scheduler.Schedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CheckerSchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com"),
      description: "redis-memory-checker schedules: invoke the check function, write the dead-letter queue",
    });
    const target = (mode: "check" | "summary") =>
      new targets.LambdaInvoke(props.fn, {
        role: this.role,
        input: scheduler.ScheduleTargetInput.fromObject({ mode }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.minutes(mode === "check" ? 5 : 60),
      });
    this.check = new scheduler.Schedule(this, "Check", {
      schedule: props.check,
      target: target("check"),
      description: "redis-memory-checker: regular memory check",
    });
    this.summary = new scheduler.Schedule(this, "Summary", {
      schedule: props.summary,
      target: target("summary"),
      description: "redis-memory-checker: daily summary of every endpoint",
    });
  }
}
