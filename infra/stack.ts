import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as kms from "aws-cdk-lib/aws-kms";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { type NetworkProps, RedisMemoryChecker } from "./constructs/RedisMemoryChecker.js";
import type { AppContext } from "./context.js";
import type { NamedManagedResource } from "./managedGrants.js";
import { acknowledgeNagFindings } from "./nag.js";
import type { SecretReference } from "./secretReference.js";

export interface RedisMemoryCheckerStackProps extends StackProps {
  context: AppContext;
  projectRoot: string;
}

/** The ready-made stack: the construct configured from context. No lookups, so synth works offline. */
export class RedisMemoryCheckerStack extends Stack {
  readonly checker: RedisMemoryChecker;

  constructor(scope: Construct, id: string, props: RedisMemoryCheckerStackProps) {
    super(scope, id, props);
    const ctx = props.context;
    this.checker = new RedisMemoryChecker(this, "Checker", {
      code: { projectRoot: props.projectRoot },
      endpointSecrets: ctx.endpointSecrets.map((ref, i) => importSecret(this, `EndpointSecret${i}`, ref)),
      credentialSecrets: ctx.credentialSecrets.map((ref, i) => importSecret(this, `CredentialSecret${i}`, ref)),
      secretKeys: ctx.secretKeyArns.map((arn, i) => kms.Key.fromKeyArn(this, `SecretKey${i}`, arn)),
      alertEmails: ctx.alertEmails,
      alertPhones: ctx.alertPhones,
      owners: ctx.owners,
      checkSchedule: scheduler.ScheduleExpression.rate(Duration.minutes(ctx.checkEveryMinutes)),
      checkInterval: Duration.minutes(ctx.checkEveryMinutes),
      reminderInterval: Duration.hours(ctx.reminderHours),
      consecutiveChecks: ctx.consecutiveChecks,
      summarySchedule: scheduler.ScheduleExpression.expression(ctx.summaryCron),
      remediationMode: ctx.remediationMode,
      parameterGroups: ctx.parameterGroups.map(parameterGroup),
      thresholds: ctx.thresholds,
      managed: {
        discovery: ctx.managedDiscovery,
        cloudwatch: ctx.cloudwatchMetrics,
        assumeRoles: ctx.assumeRoles,
        regions: ctx.managedRegions,
        resources: ctx.managedResources.map(namedResource),
      },
      eventBus: ctx.eventBus,
      slackChannel:
        ctx.slackWorkspaceId && ctx.slackChannelId
          ? { workspaceId: ctx.slackWorkspaceId, channelId: ctx.slackChannelId }
          : undefined,
      network: network(this, ctx),
      timeout: Duration.seconds(ctx.timeoutSeconds),
      memorySize: ctx.memorySize,
      logRetention: ctx.logRetentionDays,
    });
    acknowledgeNagFindings(
      this.checker,
      Boolean(ctx.vpcId),
      ctx.managedDiscovery.length > 0 || ctx.cloudwatchMetrics,
      ctx.managedResources.map(namedResource),
    );

    const c = this.checker;
    new CfnOutput(this, "DashboardUrl", { value: c.dashboard.url, description: "CloudWatch dashboard of the checker's metrics" });
    new CfnOutput(this, "AlertTopicArn", { value: c.topic.topic.topicArn });
    new CfnOutput(this, "FunctionName", { value: c.fn.functionName });
    new CfnOutput(this, "EndpointSecrets", { value: c.secrets.map((s) => s.secretArn).join(",") });
    new CfnOutput(this, "InvokeExample", {
      value: `aws lambda invoke --function-name ${c.fn.functionName} --cli-binary-format raw-in-base64-out --payload '{"remediate":"dry-run","notify":false}' report.json`,
    });
  }
}

/** A secret named in context, imported as Secrets Manager will match it (infra/secretReference.ts). */
function importSecret(scope: Construct, id: string, ref: SecretReference): secretsmanager.ISecret {
  switch (ref.kind) {
    case "name":
      return secretsmanager.Secret.fromSecretNameV2(scope, id, ref.name);
    case "complete-arn":
      return secretsmanager.Secret.fromSecretCompleteArn(scope, id, ref.arn);
    case "partial-arn":
      return secretsmanager.Secret.fromSecretPartialArn(scope, id, ref.arn);
  }
}

/** `service:type:name[@region]`, as -c managedResources lists it. */
function namedResource(text: string): NamedManagedResource {
  const [spec = "", region] = text.split("@");
  const [service, type, name] = spec.split(":") as [NamedManagedResource["service"], NamedManagedResource["type"], string];
  return { service, type, name, ...(region ? { region } : {}) };
}

/** `name`, `memorydb:name`, either with `@region`. */
function parameterGroup(text: string): { name: string; service: "elasticache" | "memorydb"; region?: string } {
  const [group = "", region] = text.split("@");
  const service = group.startsWith("memorydb:") ? ("memorydb" as const) : ("elasticache" as const);
  return { name: group.replace(/^memorydb:/, ""), service, ...(region ? { region } : {}) };
}

/** A VPC from ids given as context (fromVpcAttributes: no lookup, no pinned env). */
function network(scope: Construct, ctx: AppContext): NetworkProps | undefined {
  if (!ctx.vpcId) return undefined;
  const vpc = ec2.Vpc.fromVpcAttributes(scope, "Vpc", {
    vpcId: ctx.vpcId,
    availabilityZones: ctx.availabilityZones,
    privateSubnetIds: ctx.subnetIds,
  });
  return {
    vpc,
    subnets: {
      subnets: ctx.subnetIds.map((id, i) =>
        ec2.Subnet.fromSubnetAttributes(scope, `Subnet${i}`, { subnetId: id, availabilityZone: ctx.availabilityZones[i] }),
      ),
    },
    redisPorts: ctx.redisPorts,
    createVpcEndpoints: ctx.createVpcEndpoints,
    skipVpcEndpoints: ctx.skipVpcEndpoints,
    routeTableIds: ctx.routeTableIds,
  };
}
