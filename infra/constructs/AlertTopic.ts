import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { EMAIL_FILTER_POLICY, forOwner, SMS_FILTER_POLICY } from "../filterPolicies.js";

export interface AlertTopicProps {
  emails: string[];
  phones: string[];
  /** Per team: subscriptions that receive only that team's messages. */
  owners?: Record<string, { emails?: string[]; phones?: string[] }>;
}

/**
 * The alert topic: encrypted with a customer-managed key whose policy lets CloudWatch alarms use it (an
 * alarm cannot use the AWS-managed SNS key), SSL enforced, email and SMS subscriptions with the checker's
 * filter policies. Its topic policy replaces SNS's default one, so every publisher that is not an identity of
 * this account (CloudWatch alarms) needs an Allow in it: `allowAlarms` adds it.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, "Key", {
      description: "redis-memory-checker alert topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    this.topic = new sns.Topic(this, "Topic", {
      displayName: "Redis memory alerts",
      masterKey: this.key,
      enforceSSL: true,
    });
    props.emails.forEach((email, i) => {
      this.subscribe(`Email${i}`, sns.SubscriptionProtocol.EMAIL, email, EMAIL_FILTER_POLICY);
    });
    props.phones.forEach((phone, i) => {
      this.subscribe(`Sms${i}`, sns.SubscriptionProtocol.SMS, phone, SMS_FILTER_POLICY);
    });
    Object.entries(props.owners ?? {}).forEach(([owner, to], o) => {
      (to.emails ?? []).forEach((email, i) => {
        this.subscribe(`Owner${o}Email${i}`, sns.SubscriptionProtocol.EMAIL, email, forOwner(EMAIL_FILTER_POLICY, owner));
      });
      (to.phones ?? []).forEach((phone, i) => {
        this.subscribe(`Owner${o}Sms${i}`, sns.SubscriptionProtocol.SMS, phone, forOwner(SMS_FILTER_POLICY, owner));
      });
    });
  }

  /**
   * Lets these alarms publish: CloudWatch, for this account (aws:SourceAccount) and these alarms only
   * (aws:SourceArn), so no other account's alarm can use this topic (the confused-deputy guard).
   */
  allowAlarms(alarms: cloudwatch.IAlarm[]): void {
    if (alarms.length === 0) return;
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowThisStacksAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { "aws:SourceArn": alarms.map((a) => a.alarmArn) },
          StringEquals: { "aws:SourceAccount": Stack.of(this).account },
        },
      }),
    );
  }

  /** The filter policies use $or, which the typed API cannot express; they are set on the L1 resource. */
  private subscribe(id: string, protocol: sns.SubscriptionProtocol, endpoint: string, filter: object): void {
    const sub = new sns.Subscription(this, id, { topic: this.topic, protocol, endpoint });
    (sub.node.defaultChild as sns.CfnSubscription).filterPolicy = filter;
  }
}
