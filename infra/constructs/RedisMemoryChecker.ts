import { Arn, ArnFormat, Duration, RemovalPolicy, SecretValue, Stack, Token } from "aws-cdk-lib";
import * as chatbot from "aws-cdk-lib/aws-chatbot";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as lambdaDestinations from "aws-cdk-lib/aws-lambda-destinations";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  DEFAULT_CONSECUTIVE_CHECKS,
  DEFAULT_REMEDIATION_MODE,
  DEFAULT_REMINDER_MINUTES,
  FUNCTION_DEFAULTS,
  METRICS_NAMESPACE,
  publishWindowMs,
  SERVICE_NAME,
} from "../../lambda/core/settings/defaults.js";
import type { HandlerEnvironment } from "../../lambda/core/settings/env.js";
import { resolveThresholds, type Thresholds } from "../../lambda/core/settings/thresholds.js";
import { managedReadStatements, type NamedManagedResource } from "../managedGrants.js";
import { VPC_ENDPOINTS, type VpcEndpointKey, vpcEndpointsFor } from "../vpcEndpoints.js";
import { AlertTopic } from "./AlertTopic.js";
import { CheckerAlarms } from "./CheckerAlarms.js";
import { CheckerDashboard } from "./CheckerDashboard.js";
import { checkerFunction } from "./CheckerFunction.js";
import { CheckerSchedules } from "./CheckerSchedules.js";

/** The shape of the endpoints secret the stack creates when none is given (see the README). */
export const EMPTY_ENDPOINTS_DOCUMENT = { defaults: { remediation: { mode: "dry-run" } }, endpoints: [] };

export interface NetworkProps {
  vpc: ec2.IVpc;
  subnets: ec2.SubnetSelection;
  /** Ports the checker may reach Redis on (egress). */
  redisPorts: number[];
  /**
   * Endpoints for every AWS API the configuration calls (infra/vpcEndpoints.ts), for subnets without a NAT
   * gateway: interface endpoints with private DNS, DynamoDB's gateway endpoint on `routeTableIds`.
   */
  createVpcEndpoints: boolean;
  /** Endpoints the VPC already has (a shared VPC): a second one with private DNS would fail the deploy. */
  skipVpcEndpoints?: VpcEndpointKey[];
  /** The subnets' route tables, for DynamoDB's gateway endpoint. */
  routeTableIds?: string[];
}

export interface RedisMemoryCheckerProps {
  /** Existing endpoint secrets; when empty, one is created with the documented (empty) shape. */
  endpointSecrets?: secretsmanager.ISecret[];
  /** Secrets the endpoint documents reference with `credentialsSecret` (e.g. ElastiCache user secrets): read-only. */
  credentialSecrets?: secretsmanager.ISecret[];
  /** Customer-managed keys that encrypt those secrets, if any: the function gets kms:Decrypt on them. */
  secretKeys?: kms.IKey[];
  alertEmails?: string[];
  alertPhones?: string[];
  /** Per team (the endpoints' `owner`): emails and phones that receive only that team's messages. */
  owners?: Record<string, { emails?: string[]; phones?: string[] }>;
  checkSchedule: scheduler.ScheduleExpression;
  checkInterval: Duration;
  summarySchedule: scheduler.ScheduleExpression;
  remediationMode?: "off" | "dry-run" | "on";
  /** Threshold overrides for every endpoint (the secret's own win). */
  thresholds?: Partial<Thresholds>;
  network?: NetworkProps;
  timeout?: Duration;
  memorySize?: number;
  logRetention?: logs.RetentionDays;
  /** Custom parameter groups the checker may set activedefrag in (ElastiCache/MemoryDB remediation). */
  parameterGroups?: Array<{ name: string; service: "elasticache" | "memorydb"; region?: string }>;
  /**
   * Managed fleets (README: "Managed fleets"): which services the endpoint documents may name for discovery
   * (read-only describe and list calls, and reading any parameter group's activedefrag), and whether nodes may
   * be read from CloudWatch (GetMetricData). Nothing is granted for a service not listed here.
   */
  managed?: {
    discovery: Array<"elasticache" | "memorydb">;
    cloudwatch: boolean;
    /** Roles in other accounts that entries name with `roleArn` (sts:AssumeRole on exactly these). */
    assumeRoles?: string[];
    /** Regions the entries name (`region`); default: the stack's own. Describe and metric calls stay in these. */
    regions?: string[];
    /** The resources the documents name: describe calls are granted on exactly these (none: on every one). */
    resources?: NamedManagedResource[];
  };
  /**
   * A Slack channel for the alerts through AWS Chatbot (the workspace must be authorised in the Chatbot
   * console once). It subscribes to the topic and renders each alert's custom notification as a card.
   */
  slackChannel?: { workspaceId: string; channelId: string };
  /** EventBridge bus (`default` or a name) that receives one "Redis Memory Alert" event per alerted node. */
  eventBus?: string;
  /** Reminder interval while a non-OK status lasts (default 6 hours). */
  reminderInterval?: Duration;
  /** Checks in a row a new status must be seen before it is announced (default 2). */
  consecutiveChecks?: number;
  /**
   * Where the function's code comes from: a checkout's root (package.json and lambda/, bundled by esbuild
   * at synth), or a directory holding the prebuilt `check.cjs`. The package's `redis-memory-checker/construct`
   * entry fills in its own prebuilt bundle.
   */
  code: { projectRoot: string } | { bundleDir: string };
  dashboardName?: string;
}

/**
 * The whole checker as one construct, for teams that embed it in their own CDK app: function, schedules,
 * encrypted alert topic with subscriptions, endpoint secret access, alarms and dashboard.
 */
export class RedisMemoryChecker extends Construct {
  readonly fn: lambda.Function;
  readonly topic: AlertTopic;
  readonly secrets: secretsmanager.ISecret[];
  readonly dashboard: CheckerDashboard;
  readonly schedules: CheckerSchedules;
  readonly failureQueue: sqs.Queue;
  readonly securityGroup?: ec2.SecurityGroup;
  readonly stateTable: dynamodb.TableV2;
  readonly chatChannel?: chatbot.SlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: RedisMemoryCheckerProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(FUNCTION_DEFAULTS.timeoutSeconds);
    const dashboardName = props.dashboardName ?? `${Stack.of(this).stackName}-redis-memory`;

    this.topic = new AlertTopic(this, "Alerts", {
      emails: props.alertEmails ?? [],
      phones: props.alertPhones ?? [],
      owners: props.owners,
    });
    this.secrets = props.endpointSecrets?.length
      ? props.endpointSecrets
      : [
          new secretsmanager.Secret(this, "Endpoints", {
            description: "redis-memory-checker endpoints (see README: the endpoints document)",
            // Holds no credential yet: the documented empty shape, to be filled in after deploy.
            secretStringValue: SecretValue.unsafePlainText(JSON.stringify(EMPTY_ENDPOINTS_DOCUMENT)),
          }),
        ];
    this.failureQueue = new sqs.Queue(this, "FailedInvocations", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // Alert lifecycle state: one item per node, expiring 30 days after its last write.
    this.stateTable = new dynamodb.TableV2(this, "AlertState", {
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: "expiresAt",
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    let securityGroups: ec2.ISecurityGroup[] | undefined;
    if (props.network) {
      this.securityGroup = this.networkAccess(props.network, {
        parameterGroups: (props.parameterGroups ?? []).map((g) => g.service),
        discovery: props.managed?.discovery ?? [],
        cloudwatch: props.managed?.cloudwatch ?? false,
        assumeRoles: (props.managed?.assumeRoles?.length ?? 0) > 0,
        eventBus: props.eventBus !== undefined,
      });
      securityGroups = [this.securityGroup];
    }

    this.fn = checkerFunction(this, "Function", {
      code: props.code,
      timeout,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memoryMb,
      logRetention: props.logRetention ?? (FUNCTION_DEFAULTS.logRetentionDays satisfies logs.RetentionDays),
      vpc: props.network?.vpc,
      vpcSubnets: props.network?.subnets,
      securityGroups,
      onFailure: new lambdaDestinations.SqsDestination(this.failureQueue),
      environment: this.environment(props, timeout, dashboardName),
    });
    this.dashboard = new CheckerDashboard(this, "Dashboard", {
      fn: this.fn,
      namespace: METRICS_NAMESPACE,
      dashboardName,
      thresholds: resolveThresholds(props.thresholds),
    });
    this.grantAccess(props);

    if (props.slackChannel) {
      this.chatChannel = new chatbot.SlackChannelConfiguration(this, "SlackChannel", {
        slackChannelConfigurationName: `${Stack.of(this).stackName}-redis-memory`.slice(0, 128),
        slackWorkspaceId: props.slackChannel.workspaceId,
        slackChannelId: props.slackChannel.channelId,
        notificationTopics: [this.topic.topic],
        // The channel only receives alerts: no one runs commands from it.
        guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AWSDenyAll")],
        loggingLevel: chatbot.LoggingLevel.ERROR,
      });
    }
    this.schedules = new CheckerSchedules(this, "Schedules", {
      fn: this.fn,
      check: props.checkSchedule,
      summary: props.summarySchedule,
    });
    const alarms = new CheckerAlarms(this, "Alarms", {
      fn: this.fn,
      timeout,
      checkInterval: props.checkInterval,
      topic: this.topic.topic,
      queues: { ScheduleDeadLetterQueue: this.schedules.deadLetterQueue, FailedInvocationsQueue: this.failureQueue },
    });
    this.topic.allowAlarms(alarms.alarms);
  }

  /** The handler's environment, typed by its own schema (lambda/core/settings/env.ts). */
  private environment(props: RedisMemoryCheckerProps, timeout: Duration, dashboardName: string): HandlerEnvironment {
    return {
      // The complete ARN where known; a partial ARN as given (it keeps its own account and region); a name.
      ENDPOINTS_SECRET_IDS: this.secrets
        .map((s) => s.secretFullArn ?? (Token.isUnresolved(s.secretArn) ? s.secretName : s.secretArn))
        .join(","),
      ALERT_TOPIC_ARN: this.topic.topic.topicArn,
      REMEDIATION_MODE: props.remediationMode ?? DEFAULT_REMEDIATION_MODE,
      ...(props.thresholds ? { THRESHOLDS: JSON.stringify(props.thresholds) } : {}),
      PUBLISH_WINDOW_MS: String(publishWindowMs(timeout.toMilliseconds())),
      DASHBOARD_URL: CheckerDashboard.urlFor(dashboardName),
      STATE_TABLE_NAME: this.stateTable.tableName,
      REMINDER_INTERVAL_MINUTES: String(props.reminderInterval?.toMinutes() ?? DEFAULT_REMINDER_MINUTES),
      CONSECUTIVE_CHECKS: String(props.consecutiveChecks ?? DEFAULT_CONSECUTIVE_CHECKS),
      ...(props.eventBus ? { EVENT_BUS_NAME: props.eventBus } : {}),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
  }

  /** Least privilege: read only the configured secrets, publish only to this topic. */
  private grantAccess(props: RedisMemoryCheckerProps): void {
    const role = this.fn.role as iam.Role;
    const allSecrets = [...this.secrets, ...(props.credentialSecrets ?? [])];
    // A complete ARN exactly; a name or partial ARN with the six characters Secrets Manager appends.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: allSecrets.map((s) => s.secretFullArn ?? `${s.secretArn}-??????`),
      }),
    );
    // Through Secrets Manager only, in each region a secret lives in.
    const secretRegions = [...new Set(allSecrets.map((s) => Arn.split(s.secretArn, ArnFormat.COLON_RESOURCE_NAME).region))];
    for (const key of props.secretKeys ?? []) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ["kms:Decrypt"],
          resources: [key.keyArn],
          conditions: { StringEquals: { "kms:ViaService": secretRegions.map((r) => `secretsmanager.${r}.amazonaws.com`) } },
        }),
      );
    }
    role.addToPolicy(new iam.PolicyStatement({ actions: ["sns:Publish"], resources: [this.topic.topic.topicArn] }));
    // Read every state; write and delete one item at a time, always conditionally: nothing else on the table.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        resources: [this.stateTable.tableArn],
      }),
    );
    this.grantManaged(role, props.managed);
    if (props.eventBus) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ["events:PutEvents"],
          resources: [
            Stack.of(this).formatArn({
              service: "events",
              resource: "event-bus",
              resourceName: props.eventBus,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
    for (const group of props.parameterGroups ?? []) {
      const stack = Stack.of(this);
      role.addToPolicy(
        group.service === "memorydb"
          ? new iam.PolicyStatement({
              actions: ["memorydb:DescribeParameters", "memorydb:UpdateParameterGroup"],
              resources: [
                stack.formatArn({
                  service: "memorydb",
                  region: group.region,
                  resource: "parametergroup",
                  resourceName: group.name,
                  arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
                }),
              ],
            })
          : new iam.PolicyStatement({
              actions: ["elasticache:DescribeCacheParameters", "elasticache:ModifyCacheParameterGroup"],
              resources: [
                stack.formatArn({
                  service: "elasticache",
                  region: group.region,
                  resource: "parametergroup",
                  resourceName: group.name,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ],
            }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ["kms:GenerateDataKey*", "kms:Decrypt"], resources: [this.topic.key.keyArn] }),
    );
  }

  /**
   * Read-only, and only for what the context enables, in the regions the entries name. A listing cannot
   * name what it has not found yet, and GetMetricData has no resource type, so these are on "*" held to those
   * regions by aws:RequestedRegion; modifying a parameter group stays limited to the groups named in
   * `parameterGroups`.
   */
  private grantManaged(role: iam.Role, managed: RedisMemoryCheckerProps["managed"]): void {
    for (const statement of managedReadStatements(this, managed)) role.addToPolicy(statement);
    if (managed?.assumeRoles?.length) {
      role.addToPolicy(
        new iam.PolicyStatement({ sid: "OtherAccounts", actions: ["sts:AssumeRole"], resources: managed.assumeRoles }),
      );
    }
  }

  private networkAccess(network: NetworkProps, use: Parameters<typeof vpcEndpointsFor>[0]): ec2.SecurityGroup {
    const sg = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: network.vpc,
      description: "redis-memory-checker: out to Redis ports and HTTPS (AWS APIs)",
      allowAllOutbound: false,
    });
    for (const port of network.redisPorts) sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `Redis ${port}`);
    sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "AWS APIs (interface endpoints, DynamoDB's prefix list, or NAT)");
    if (!network.createVpcEndpoints) return sg;
    for (const key of vpcEndpointsFor(use, network.skipVpcEndpoints)) {
      const spec = VPC_ENDPOINTS[key];
      const id = spec.id;
      if ("gateway" in spec.service) {
        if (!network.routeTableIds?.length) {
          throw new Error(
            `${spec.api}'s gateway endpoint needs network.routeTableIds (the subnets' route tables), or skipVpcEndpoints: ["${key}"] when the VPC has one`,
          );
        }
        // No policy of its own: a gateway endpoint serves every workload on these route tables.
        new ec2.CfnVPCEndpoint(this, id, {
          vpcId: network.vpc.vpcId,
          serviceName: spec.service.gateway.name,
          vpcEndpointType: "Gateway",
          routeTableIds: network.routeTableIds ?? [],
        });
        continue;
      }
      const endpoint = new ec2.InterfaceVpcEndpoint(this, id, {
        vpc: network.vpc,
        service: spec.service.interface,
        subnets: network.subnets,
        privateDnsEnabled: true,
        // Only the checker may use them (and a VPC built from ids has no CIDR to open them to).
        open: false,
      });
      endpoint.connections.allowFrom(sg, ec2.Port.tcp(443), "from redis-memory-checker");
    }
    return sg;
  }
}
