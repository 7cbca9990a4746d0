import { App, type Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import { EMAIL_FILTER_POLICY, SMS_FILTER_POLICY } from "../../infra/filterPolicies.js";
import { METRICS } from "../../lambda/core/vocabulary/metrics.js";
import { EVERY_OPTION, NAMED_RESOURCES } from "../support/contexts.js";

const VPC_CONTEXT = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
  availabilityZones: "eu-west-1a,eu-west-1b",
  createVpcEndpoints: "true",
  routeTableIds: "rtb-0123456789abcdef0",
  redisPorts: "6379,6380",
};

/** The service names of the VPC endpoints, by type (Interface or Gateway). */
function endpoints(template: Template): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of Object.values(template.findResources("AWS::EC2::VPCEndpoint"))) {
    const type = e.Properties.VpcEndpointType as string;
    const name = JSON.stringify(e.Properties.ServiceName).match(/\.([a-z-]+)"\]\]\}$|\.([a-z-]+)"$/);
    out[type] = [...(out[type] ?? []), (name?.[1] ?? name?.[2]) as string];
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** In-process synth without asset bundling (the real `cdk synth` test below bundles). */
function synth(context: Record<string, unknown> = {}): { template: Template } {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...context } });
  const { stack } = buildApp(app);
  return { template: Template.fromStack(stack) };
}

describe("default stack", () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ alertEmails: "sre@example.com,oncall@example.com", alertPhones: "+14155550100" }).template;
  });

  it("deploys the check function on Node.js 24, ARM64, with a timeout its deadline logic knows", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Timeout: 120,
      MemorySize: 512,
      Environment: {
        Variables: Match.objectLike({
          PUBLISH_WINDOW_MS: "12000",
          REMEDIATION_MODE: "dry-run",
          NODE_OPTIONS: "--max-semi-space-size=8",
          ENDPOINTS_SECRET_IDS: Match.anyValue(),
          ALERT_TOPIC_ARN: Match.anyValue(),
          DASHBOARD_URL: Match.anyValue(),
        }),
      },
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("schedules the check every 5 minutes and a daily summary, with retries and a dead-letter queue", () => {
    const schedules = template.findResources("AWS::Scheduler::Schedule");
    type ScheduleProps = {
      ScheduleExpression: string;
      Target: { Input: string; RetryPolicy: { MaximumRetryAttempts: number }; DeadLetterConfig: { Arn: unknown } };
    };
    const byInput: Record<string, ScheduleProps> = Object.fromEntries(
      Object.values(schedules).map((s) => [s.Properties.Target.Input, s.Properties as ScheduleProps]),
    );
    expect(byInput['{"mode":"check"}']?.ScheduleExpression).toBe("rate(5 minutes)");
    expect(byInput['{"mode":"summary"}']?.ScheduleExpression).toBe("cron(0 8 * * ? *)");
    for (const s of Object.values(byInput)) {
      expect(s.Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
      expect(s.Target.DeadLetterConfig.Arn).toBeDefined();
    }
    expect(template.findResources("AWS::Events::Rule")).toEqual({});
  });

  it("sends handler failures to an on-failure destination", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("encrypts the topic with a customer-managed key that CloudWatch alarms may use, and enforces SSL", () => {
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("subscribes emails and phones from context, SMS filtered to CRITICAL", () => {
    template.resourcePropertiesCountIs("AWS::SNS::Subscription", { Protocol: "email", FilterPolicy: EMAIL_FILTER_POLICY }, 2);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "sms",
      Endpoint: "+14155550100",
      FilterPolicy: SMS_FILTER_POLICY,
    });
  });

  it("creates an endpoints secret with the documented empty shape when none is given", () => {
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      SecretString: JSON.stringify({ defaults: { remediation: { mode: "dry-run" } }, endpoints: [] }),
    });
  });

  it("alarms on errors, throttles, duration near the timeout, queue depths and a missing heartbeat, all to the topic", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    const names = alarms.map((a) => a.MetricName);
    expect(names).toEqual(expect.arrayContaining(["Errors", "Throttles", "Duration", "Invocations"]));
    expect(names.filter((n) => n === "ApproximateNumberOfMessagesVisible")).toHaveLength(2);
    const heartbeat = alarms.find((a) => a.MetricName === "Invocations");
    expect(heartbeat).toMatchObject({ ComparisonOperator: "LessThanThreshold", TreatMissingData: "breaching", Period: 900 });
    expect(alarms.find((a) => a.MetricName === "Duration")?.Threshold).toBe(96_000);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });

  it("keeps alert state in an on-demand DynamoDB table with TTL, and tells the function its name and settings", () => {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: Match.anyValue(),
          REMINDER_INTERVAL_MINUTES: "360",
          CONSECUTIVE_CHECKS: "2",
        }),
      },
    });
    const statement = Object.values(template.findResources("AWS::IAM::Policy"))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((st: { Action: unknown }) => JSON.stringify(st.Action).includes("dynamodb:"));
    expect(statement.Action).toEqual(["dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem"]);
    expect(JSON.stringify(statement.Resource)).toMatch(/AlertState.*Arn/);
  });

  it("builds a dashboard from the checker's metrics and outputs its URL", () => {
    const dashboard = Object.values(template.findResources("AWS::CloudWatch::Dashboard"))[0];
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    // Every graphed name is one the function emits (core/vocabulary/metrics.ts).
    const graphed = [...body.matchAll(/MetricName=\\+"(\w+)\\+"/g)].map((m) => m[1]);
    expect(graphed).toEqual(["FragmentationRatio", "FragmentedBytes", "MemoryUsedPercent", "Status", "HoursUntilFull"]);
    for (const metric of graphed) expect(Object.keys(METRICS)).toContain(metric);
    template.hasOutput("DashboardUrl", { Value: Match.anyValue() });
  });

  it("grants least privilege: GetSecretValue on the secret, Publish on the topic, KMS on the topic's key", () => {
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes("CheckerFunctionRole"),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement) as Array<{
      Action: string | string[];
      Resource: unknown;
    }>;
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.sort()).toEqual(
      [
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
        "dynamodb:Scan",
        "kms:Decrypt",
        "kms:GenerateDataKey*",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "secretsmanager:GetSecretValue",
        "sns:Publish",
        "sqs:SendMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
      ].sort(),
    );
    for (const s of statements) expect(s.Resource).not.toBe("*");
  });
});

describe("stack in a VPC with existing secrets", () => {
  let template: Template;
  beforeAll(() => {
    template = synth({
      ...VPC_CONTEXT,
      endpointSecrets: "prod/redis,arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-b-AbCdEf",
      secretKeyArns: "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab",
    }).template;
  });

  it("places the function in the given subnets with a security group that reaches the Redis ports", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      VpcConfig: { SubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], SecurityGroupIds: Match.anyValue() },
    });
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      VpcId: "vpc-0123456789abcdef0",
      SecurityGroupEgress: Match.arrayWith([
        Match.objectLike({ FromPort: 6379, ToPort: 6379 }),
        Match.objectLike({ FromPort: 6380, ToPort: 6380 }),
        Match.objectLike({ FromPort: 443, ToPort: 443 }),
      ]),
    });
  });

  it("adds interface endpoints for Secrets Manager and SNS, and DynamoDB's gateway endpoint on the route tables", () => {
    expect(endpoints(template)).toEqual({ Interface: ["secretsmanager", "sns"], Gateway: ["dynamodb"] });
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", {
      VpcEndpointType: "Gateway",
      RouteTableIds: ["rtb-0123456789abcdef0"],
    });
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", { VpcEndpointType: "Interface", PrivateDnsEnabled: true });
  });

  it("adds STS and EventBridge endpoints when other accounts' roles and an event bus are configured", () => {
    const t = synth({ ...VPC_CONTEXT, assumeRoles: "arn:aws:iam::210987654321:role/reader", eventBus: "ops" }).template;
    expect(endpoints(t).Interface).toEqual(["events", "secretsmanager", "sns", "sts"]);
  });

  it("skips the endpoints a shared VPC already has", () => {
    const t = synth({ ...VPC_CONTEXT, routeTableIds: undefined, skipVpcEndpoints: "dynamodb,sns" }).template;
    expect(endpoints(t)).toEqual({ Interface: ["secretsmanager"] });
    expect(() => synth({ ...VPC_CONTEXT, skipVpcEndpoints: "s3" })).toThrow(/-c skipVpcEndpoints \(item 1\)/);
    expect(() => synth({ ...VPC_CONTEXT, routeTableIds: undefined })).toThrow(/-c routeTableIds/);
  });

  it("references the secrets instead of creating one, and reads only those", () => {
    template.resourceCountIs("AWS::SecretsManager::Secret", 0);
    const fn = Object.values(template.findResources("AWS::Lambda::Function"))[0];
    expect(fn?.Properties.Environment.Variables.ENDPOINTS_SECRET_IDS).toBe(
      "prod/redis,arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-b-AbCdEf",
    );
    // A partial ARN reaches the function as given: its account and region are part of it.
    const partial = "arn:aws:secretsmanager:us-east-1:210987654321:secret:team/cache-config";
    const t = synth({ endpointSecrets: partial }).template;
    const env = Object.values(t.findResources("AWS::Lambda::Function"))[0]?.Properties.Environment.Variables;
    expect(env.ENDPOINTS_SECRET_IDS).toBe(partial);
    expect(JSON.stringify(t.findResources("AWS::IAM::Policy"))).toContain(`${partial}-??????`);
    const policy = JSON.stringify(template.findResources("AWS::IAM::Policy"));
    expect(policy).toContain(":secret:prod/redis-??????");
    expect(policy).toContain("secret:team-b-AbCdEf");
    expect(policy).toMatch(/"kms:ViaService":\[\{"Fn::Join":\["",\["secretsmanager\.",\{"Ref":"AWS::Region"\}/);
    expect(policy).toContain('"secretsmanager.eu-west-1.amazonaws.com"');
  });
});

describe("parameter group remediation", () => {
  it("grants the parameter-group calls on exactly the named groups, nothing wider", () => {
    const { template } = synth({ parameterGroups: "redis7-defrag,memorydb:memdb-defrag" });
    const statements = Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    ) as Array<{
      Action: string[];
      Resource: unknown;
    }>;
    const ec = statements.find((s) => JSON.stringify(s.Action).includes("elasticache:ModifyCacheParameterGroup"));
    expect(ec?.Action).toEqual(["elasticache:DescribeCacheParameters", "elasticache:ModifyCacheParameterGroup"]);
    expect(JSON.stringify(ec?.Resource)).toMatch(/:parametergroup:redis7-defrag"/);
    const mdb = statements.find((s) => JSON.stringify(s.Action).includes("memorydb:UpdateParameterGroup"));
    expect(JSON.stringify(mdb?.Resource)).toMatch(/:parametergroup\/memdb-defrag"/);
  });

  it("adds the ElastiCache API endpoint in a VPC without NAT", () => {
    const { template } = synth({ ...VPC_CONTEXT, parameterGroups: "redis7-defrag" });
    const services = JSON.stringify(
      Object.values(template.findResources("AWS::EC2::VPCEndpoint")).map((e) => e.Properties.ServiceName),
    );
    expect(services).toContain(".elasticache");
  });

  it("grants none without the context option", () => {
    const { template } = synth();
    expect(JSON.stringify(template.findResources("AWS::IAM::Policy"))).not.toMatch(/elasticache:|memorydb:/);
  });
});

describe("managed fleets (-c managedDiscovery, -c cloudwatchMetrics)", () => {
  const statements = (template: Template) =>
    Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Sid?: string }>,
    );

  it("grants read-only describe, list and metric calls, and nothing that modifies", () => {
    const { template } = synth({ managedDiscovery: "elasticache,memorydb", cloudwatchMetrics: "true" });
    const managed = statements(template).find((s) => s.Sid === "ManagedFleetReadOnly");
    expect(managed?.Resource).toBe("*");
    expect(managed?.Action).toEqual([
      "elasticache:DescribeReplicationGroups",
      "elasticache:DescribeCacheClusters",
      "elasticache:DescribeServerlessCaches",
      "elasticache:DescribeCacheParameters",
      "elasticache:ListTagsForResource",
      "memorydb:DescribeClusters",
      "memorydb:DescribeParameters",
      "memorydb:ListTags",
    ]);
    expect(statements(template).find((s) => s.Sid === "ManagedMetrics")?.Action).toBe("cloudwatch:GetMetricData");
    expect(JSON.stringify(statements(template))).not.toMatch(/Modify|Update/);
  });

  it("grants describe calls on exactly the resources -c managedResources names", () => {
    const { template } = synth({ managedDiscovery: "elasticache", managedResources: "elasticache:replicationgroup:sessions" });
    const all = statements(template);
    expect(all.some((s) => s.Sid === "ManagedFleetReadOnly")).toBe(false);
    expect(JSON.stringify(all.find((s) => s.Sid === "NamedReplicationGroups")?.Resource)).toContain(":replicationgroup:sessions");
    expect(JSON.stringify(all.find((s) => s.Sid === "NamedCacheClusters")?.Resource)).toContain(":cluster:sessions-*");
    expect(() => synth({ managedResources: "memorydb:cluster:orders" })).toThrow(/add memorydb to -c managedDiscovery/);
    expect(() => synth({ managedDiscovery: "elasticache", managedResources: "elasticache:group:x" })).toThrow(
      /-c managedResources \(item 1\)/,
    );
  });

  it("may assume exactly the roles named for other accounts", () => {
    const role = "arn:aws:iam::210987654321:role/redis-memory-reader";
    const st = statements(synth({ managedDiscovery: "elasticache", assumeRoles: role }).template).find(
      (s) => s.Sid === "OtherAccounts",
    );
    expect(st).toMatchObject({ Action: "sts:AssumeRole", Resource: role });
    expect(() => synth({ assumeRoles: "arn:aws:iam::1:role/x" })).toThrow(/-c assumeRoles/);
  });

  it("grants only the service asked for, and nothing without the options", () => {
    const only = statements(synth({ cloudwatchMetrics: "true" }).template);
    expect(only.find((s) => s.Sid === "ManagedMetrics")?.Action).toBe("cloudwatch:GetMetricData");
    expect(only.some((s) => s.Sid === "ManagedFleetReadOnly")).toBe(false);
    expect(statements(synth().template).some((s) => s.Sid === "ManagedFleetReadOnly")).toBe(false);
    expect(() => synth({ managedDiscovery: "redshift" })).toThrow(/-c managedDiscovery/);
  });

  it("adds the CloudWatch, ElastiCache and MemoryDB API endpoints in a VPC without NAT", () => {
    const { template } = synth({ ...VPC_CONTEXT, managedDiscovery: "elasticache,memorydb", cloudwatchMetrics: "true" });
    const services = JSON.stringify(
      Object.values(template.findResources("AWS::EC2::VPCEndpoint")).map((e) => e.Properties.ServiceName),
    );
    for (const s of [".monitoring", ".elasticache", ".memory-db"]) expect(services).toContain(s);
    expect(services).not.toContain(".sts");
  });
});

describe("credentials secrets (-c credentialSecrets)", () => {
  it("lets the function read the referenced secrets too, and nothing else", () => {
    const { template } = synth({ endpointSecrets: "prod/redis", credentialSecrets: "elasticache/users/checker" });
    const policies = JSON.stringify(template.findResources("AWS::IAM::Policy"));
    expect(policies).toMatch(/secret:prod\/redis-\?\?\?\?\?\?/);
    expect(policies).toMatch(/secret:elasticache\/users\/checker-\?\?\?\?\?\?/);
  });
});

describe("teams (-c owners)", () => {
  it("subscribes each team's emails and phones to its own messages only", () => {
    const { template } = synth({
      owners: JSON.stringify({ payments: { emails: ["pay@example.com"], phones: ["+14155550100"] } }),
    });
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "pay@example.com",
      FilterPolicy: { ...EMAIL_FILTER_POLICY, owner: ["payments"] },
    });
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "sms",
      FilterPolicy: { ...SMS_FILTER_POLICY, owner: ["payments"] },
    });
    expect(() => synth({ owners: JSON.stringify({ payments: { email: ["x@example.com"] } }) })).toThrow(/-c owners/);
  });
});

describe("chat (-c slackWorkspaceId, -c slackChannelId)", () => {
  it("attaches a Chatbot Slack channel to the alert topic, read-only", () => {
    const { template } = synth({ slackWorkspaceId: "T0123456789", slackChannelId: "C0123456789" });
    template.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", {
      SlackWorkspaceId: "T0123456789",
      SlackChannelId: "C0123456789",
      SnsTopicArns: [Match.anyValue()],
      GuardrailPolicies: [Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith([":iam::aws:policy/AWSDenyAll"])]) })],
    });
    expect(() => synth({ slackWorkspaceId: "T0123456789" })).toThrow(/go together/);
  });
});

describe("pagers and event routing (-c eventBus)", () => {
  it("tells the function the bus and lets it put events on that bus only", () => {
    const { template } = synth({ eventBus: "ops-alerts" });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: "ops-alerts" }) },
    });
    const policies = JSON.stringify(template.findResources("AWS::IAM::Policy"));
    expect(policies).toMatch(
      /"Action":"events:PutEvents","Effect":"Allow","Resource":\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":events:",\{"Ref":"AWS::Region"\},":",\{"Ref":"AWS::AccountId"\},":event-bus\/ops-alerts"\]\]\}/,
    );
    expect(JSON.stringify(synth().template.findResources("AWS::IAM::Policy"))).not.toContain("events:PutEvents");
  });
});

describe("cdk-nag (AwsSolutions)", () => {
  /**
   * A fresh app of this context (and `change`), synthesised once, inside the expectation: cdk-nag's findings
   * fail its validation, so an unacknowledged one throws. Not synth()'s app: Template.fromStack has already
   * synthesised it, and a second app.synth() returns the cached assembly, which cannot throw.
   */
  const nagSynth = (context: Record<string, unknown>, change?: (stack: Stack) => void) => {
    const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...context } });
    const { stack } = buildApp(app);
    change?.(stack);
    return app.synth();
  };

  it.each([
    ["default", {}],
    [
      "every option",
      {
        ...VPC_CONTEXT,
        alertEmails: "a@example.com",
        alertPhones: "+14155550100",
        endpointSecrets: "prod/redis",
        parameterGroups: "redis7-defrag,memorydb:orders-valkey7",
        managedDiscovery: "elasticache,memorydb",
        cloudwatchMetrics: "true",
        slackWorkspaceId: "T0123456789",
        slackChannelId: "C0123456789",
        eventBus: "default",
        owners: JSON.stringify({ payments: { emails: ["pay@example.com"], phones: ["+14155550100"] } }),
        credentialSecrets: "elasticache/users/checker",
        assumeRoles: "arn:aws:iam::210987654321:role/redis-memory-reader",
      },
    ],
    ["managed entries naming their resources", NAMED_RESOURCES],
    ["every option of the policy evaluation", EVERY_OPTION],
  ])("has no unacknowledged finding: %s", (_name, context) => {
    expect(() => nagSynth(context)).not.toThrow();
  });

  it("would fail the synth on an unacknowledged finding (the check is live)", () => {
    expect(() => nagSynth({}, (stack) => new sqs.Queue(stack, "UnencryptedNoDlq"))).toThrow(/AwsSolutions-SQS/);
  });
});

describe("context validation", () => {
  it("names the key", () => {
    expect(() => synth({ alertPhones: "555-0100" })).toThrow(/-c alertPhones \(item 1\): phone numbers in E\.164 form/);
    expect(() => synth({ remediationMode: "always" })).toThrow(/-c remediationMode/);
    expect(() => synth({ vpcId: "vpc-0123456789abcdef0" })).toThrow(/needs -c subnetIds/);
    // 45 days is not a CloudWatch Logs retention period: it fails here, not at deploy time.
    expect(() => synth({ logRetentionDays: "45" })).toThrow(/-c logRetentionDays: a CloudWatch Logs retention period/);
    synth({ logRetentionDays: "90" }).template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 90 });
  });

  it("checks the summary schedule with Scheduler's own syntax", () => {
    expect(() => synth({ summaryCron: "cron(0 8 * * *)" })).toThrow(/-c summaryCron: cron\(0 8 \* \* \*\) has 5 fields/);
    expect(() => synth({ summaryCron: "cron(0 8 * * MON *)" })).toThrow(/exactly one of day-of-month and day-of-week must be \?/);
    expect(() => synth({ summaryCron: "cron(0 25 * * ? *)" })).toThrow(/hours "25"/);
    expect(() => synth({ summaryCron: "rate(1 hours)" })).toThrow(/rate\(1 hour\)/);
    const t = synth({ summaryCron: "cron(30 6 ? * MON-FRI *)" }).template;
    t.hasResourceProperties("AWS::Scheduler::Schedule", { ScheduleExpression: "cron(30 6 ? * MON-FRI *)" });
    synth({ summaryCron: "rate(12 hours)" });
  });

  it("lists every problem at once, one line each", () => {
    expect(() => synth({ summaryCron: "daily", endpointSecrets: "arn:aws:s3:::bucket", slackChannelId: "C0123456789" })).toThrow(
      /invalid context:\n {2}-c endpointSecrets \(item 1\): .*not a Secrets Manager secret ARN.*\n {2}-c summaryCron: a Scheduler expression/,
    );
  });
});

describe("the dashboard", () => {
  it("draws the configured thresholds, not the defaults", () => {
    const { template } = synth({ thresholds: JSON.stringify({ fragmentationWarningRatio: 1.5, memoryWarningPercent: 70 }) });
    const body = JSON.stringify(Object.values(template.findResources("AWS::CloudWatch::Dashboard"))[0]?.Properties.DashboardBody);
    expect(body).toContain('\\"value\\":1.5');
    expect(body).toContain("warning (1.5)");
    expect(body).toContain("critical (4)");
    expect(body).toContain("warning (70%)");
    expect(body).not.toContain("warning (2)");
  });
});
