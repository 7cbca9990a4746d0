import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import { type CfnTemplate, DEPLOYED, DeployedTemplate } from "../support/cfnTemplate.js";
import { EVERY_OPTION, NAMED_RESOURCES, OTHER_ACCOUNT, ROLE_ACCOUNT } from "../support/contexts.js";
import { type Call, type Decision, IamEvaluation } from "../support/iamEvaluation.js";

/**
 * How AWS will evaluate the deployed stack: every call the deployed system makes, evaluated by an offline
 * IAM evaluator (@cloud-copilot/iam-simulate) over the synthesized template's identity, resource and key
 * policies. Each must be allowed; calls outside that set must not be.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const { partition: P, region: R, account: A } = DEPLOYED;

function deploy(context: Record<string, string>): { deployed: DeployedTemplate; iam: IamEvaluation } {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...context } });
  const { stack } = buildApp(app);
  const deployed = new DeployedTemplate(Template.fromStack(stack).toJSON() as CfnTemplate, stack.stackName);
  return { deployed, iam: new IamEvaluation(deployed) };
}

const FUNCTION = { role: "CheckerFunctionRole" };
const SCHEDULER = { role: "CheckerSchedulesRole" };
const CLOUDWATCH = { service: "cloudwatch.amazonaws.com" };

/** The ARN of the only resource of a type whose logical id starts with a prefix. */
function arnOf(d: DeployedTemplate, type: string, prefix: string): string {
  const ids = d.ofType(type).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return String(d.getAtt(ids[0] as string, "Arn"));
}

/** Every alarm's ARN, with the context CloudWatch sends when it publishes on the alarm's behalf. */
function alarmCalls(d: DeployedTemplate, topic: string, key: string): Array<[string, Call]> {
  return d.ofType("AWS::CloudWatch::Alarm").flatMap((id) => {
    const context = { "aws:SourceArn": String(d.getAtt(id, "Arn")), "aws:SourceAccount": A };
    return [
      [`alarm ${id} publishes to the topic`, { caller: CLOUDWATCH, action: "sns:Publish", resource: topic, context }],
      [
        `alarm ${id} encrypts with the topic's key`,
        { caller: CLOUDWATCH, action: "kms:GenerateDataKey", resource: key, context },
      ],
      [`alarm ${id} decrypts with the topic's key`, { caller: CLOUDWATCH, action: "kms:Decrypt", resource: key, context }],
    ] satisfies Array<[string, Call]>;
  });
}

/** The read-only calls of managed-fleet discovery and CloudWatch reads, in one region. */
function managedReads(region: string): Array<[string, Call]> {
  const ec = (resource: string) => `arn:${P}:elasticache:${region}:${A}:${resource}`;
  const mdb = (resource: string) => `arn:${P}:memorydb:${region}:${A}:${resource}`;
  const context = { "aws:RequestedRegion": region };
  const call = (action: string, resource: string): Call => ({ caller: FUNCTION, action, resource, context });
  return [
    [`${region}: list replication groups`, call("elasticache:DescribeReplicationGroups", ec("replicationgroup:sessions"))],
    [`${region}: list cache clusters`, call("elasticache:DescribeCacheClusters", ec("cluster:sessions-001"))],
    [`${region}: list serverless caches`, call("elasticache:DescribeServerlessCaches", ec("serverlesscache:carts"))],
    [`${region}: read a group's activedefrag`, call("elasticache:DescribeCacheParameters", ec("parametergroup:default.redis7"))],
    [`${region}: read ElastiCache tags`, call("elasticache:ListTagsForResource", ec("replicationgroup:sessions"))],
    [`${region}: list MemoryDB clusters`, call("memorydb:DescribeClusters", mdb("cluster/orders"))],
    [`${region}: read MemoryDB tags`, call("memorydb:ListTags", mdb("cluster/orders"))],
    [`${region}: read CloudWatch metrics`, call("cloudwatch:GetMetricData", "*")],
  ];
}

/** A secret's full ARN as Secrets Manager made it: the name and a six-character suffix. */
const secretArn = (name: string, region: string = R, account: string = A) =>
  `arn:${P}:secretsmanager:${region}:${account}:secret:${name}-Qw3rTy`;

/** What another account's secret (and its key) must say for the function to read it, as the README documents. */
function crossAccountPolicy(resource: string, functionRole: string) {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: functionRole }, Action: "*", Resource: resource }],
  };
}

/** The actions some test above evaluated as allowed for the function (the last test checks the code's calls against it). */
const ALLOWED_FOR_FUNCTION = new Set<string>();

async function decisions(iam: IamEvaluation, calls: Array<[string, Call]>): Promise<Record<string, Decision>> {
  const out: Record<string, Decision> = {};
  for (const [why, call] of calls) {
    out[why] = await iam.decide(call);
    if (out[why] === "Allowed" && "role" in call.caller && call.caller.role === FUNCTION.role)
      ALLOWED_FOR_FUNCTION.add(call.action);
  }
  return out;
}

describe("the default stack, as AWS evaluates it", () => {
  let deployed: DeployedTemplate;
  let iam: IamEvaluation;
  let topic: string;
  let key: string;
  beforeAll(() => {
    ({ deployed, iam } = deploy({ alertEmails: "sre@example.com" }));
    topic = arnOf(deployed, "AWS::SNS::Topic", "CheckerAlertsTopic");
    key = arnOf(deployed, "AWS::KMS::Key", "CheckerAlertsKey");
  });

  it("lets every alarm publish to the alert topic and use its key", async () => {
    const calls = alarmCalls(deployed, topic, key);
    expect(calls).toHaveLength(6 * 3);
    const got = await decisions(iam, calls);
    expect(got).toEqual(Object.fromEntries(calls.map(([why]) => [why, "Allowed"])));
  });

  it("refuses alarms of another account, and publishes without TLS", async () => {
    const foreign = { "aws:SourceArn": `arn:${P}:cloudwatch:${R}:${OTHER_ACCOUNT}:alarm:x`, "aws:SourceAccount": OTHER_ACCOUNT };
    expect(await iam.decide({ caller: CLOUDWATCH, action: "sns:Publish", resource: topic, context: foreign })).not.toBe(
      "Allowed",
    );
    expect(
      await iam.decide({ caller: FUNCTION, action: "sns:Publish", resource: topic, context: { "aws:SecureTransport": "false" } }),
    ).toBe("ExplicitlyDenied");
  });

  it("lets the scheduler invoke the function and write its dead-letter queue, and nothing else", async () => {
    const fn = arnOf(deployed, "AWS::Lambda::Function", "CheckerFunction");
    const dlq = arnOf(deployed, "AWS::SQS::Queue", "CheckerSchedulesDeadLetterQueue");
    const failures = arnOf(deployed, "AWS::SQS::Queue", "CheckerFailedInvocations");
    expect(await iam.decide({ caller: SCHEDULER, action: "lambda:InvokeFunction", resource: fn })).toBe("Allowed");
    expect(await iam.decide({ caller: SCHEDULER, action: "sqs:SendMessage", resource: dlq })).toBe("Allowed");
    expect(await iam.decide({ caller: SCHEDULER, action: "sqs:SendMessage", resource: failures })).not.toBe("Allowed");
    expect(
      await iam.decide({
        caller: SCHEDULER,
        action: "lambda:InvokeFunction",
        resource: `arn:${P}:lambda:${R}:${A}:function:other`,
      }),
    ).not.toBe("Allowed");
  });

  it("lets the function read its secret, keep its state, publish and report failures, and nothing else", async () => {
    const secret = arnOf(deployed, "AWS::SecretsManager::Secret", "CheckerEndpoints");
    const table = arnOf(deployed, "AWS::DynamoDB::GlobalTable", "CheckerAlertState");
    const failures = arnOf(deployed, "AWS::SQS::Queue", "CheckerFailedInvocations");
    const allowed: Array<[string, Call]> = [
      ["read the endpoints secret", { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secret }],
      ["scan the state", { caller: FUNCTION, action: "dynamodb:Scan", resource: table }],
      ["put a state", { caller: FUNCTION, action: "dynamodb:PutItem", resource: table }],
      ["delete a state", { caller: FUNCTION, action: "dynamodb:DeleteItem", resource: table }],
      ["publish", { caller: FUNCTION, action: "sns:Publish", resource: topic }],
      ["encrypt for the topic", { caller: FUNCTION, action: "kms:GenerateDataKey", resource: key }],
      ["send a failed invocation", { caller: FUNCTION, action: "sqs:SendMessage", resource: failures }],
    ];
    const refused: Array<[string, Call]> = [
      ["another secret", { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("prod/other") }],
      ["another topic", { caller: FUNCTION, action: "sns:Publish", resource: `arn:${P}:sns:${R}:${A}:other` }],
      ["another table", { caller: FUNCTION, action: "dynamodb:PutItem", resource: `arn:${P}:dynamodb:${R}:${A}:table/other` }],
      ["read items one by one", { caller: FUNCTION, action: "dynamodb:GetItem", resource: table }],
      ["delete the table", { caller: FUNCTION, action: "dynamodb:DeleteTable", resource: table }],
      [
        "events (no bus configured)",
        { caller: FUNCTION, action: "events:PutEvents", resource: `arn:${P}:events:${R}:${A}:event-bus/default` },
      ],
      [
        "describe ElastiCache (not enabled)",
        { caller: FUNCTION, action: "elasticache:DescribeReplicationGroups", resource: "*" },
      ],
    ];
    expect(await decisions(iam, allowed)).toEqual(Object.fromEntries(allowed.map(([why]) => [why, "Allowed"])));
    const got = await decisions(iam, refused);
    for (const [why] of refused) expect(got[why], why).not.toBe("Allowed");
  });
});

describe("the stack with every option, as AWS evaluates it", () => {
  let deployed: DeployedTemplate;
  let iam: IamEvaluation;
  let topic: string;
  let key: string;
  let role: string;
  beforeAll(() => {
    ({ deployed, iam } = deploy(EVERY_OPTION));
    topic = arnOf(deployed, "AWS::SNS::Topic", "CheckerAlertsTopic");
    key = arnOf(deployed, "AWS::KMS::Key", "CheckerAlertsKey");
    role = iam.roleArn(FUNCTION.role);
  });

  it("lets every alarm publish to the alert topic and use its key", async () => {
    const calls = alarmCalls(deployed, topic, key);
    const got = await decisions(iam, calls);
    expect(got).toEqual(Object.fromEntries(calls.map(([why]) => [why, "Allowed"])));
  });

  it("lets the function make every call its configuration needs", async () => {
    const other = secretArn("shared/redis", R, OTHER_ACCOUNT).replace("Qw3rTy", "Xy12Zq");
    const calls: Array<[string, Call]> = [
      ["a secret by name", { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("prod/redis") }],
      [
        "a secret by partial ARN, in its own region",
        { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("team/cache-config", "us-east-1") },
      ],
      [
        "another account's secret by complete ARN",
        {
          caller: FUNCTION,
          action: "secretsmanager:GetSecretValue",
          resource: other,
          externalResourcePolicy: crossAccountPolicy(other, role),
        },
      ],
      [
        "a credentials secret",
        { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("elasticache/app-user") },
      ],
      [
        "a partial ARN marked with -??????",
        { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("app/REDIS7") },
      ],
      [
        "the other account's secret key, through Secrets Manager",
        {
          caller: FUNCTION,
          action: "kms:Decrypt",
          resource: EVERY_OPTION.secretKeyArns,
          context: { "kms:ViaService": `secretsmanager.${R}.amazonaws.com` },
          externalResourcePolicy: crossAccountPolicy(EVERY_OPTION.secretKeyArns, role),
        },
      ],
      [
        "events on its bus",
        { caller: FUNCTION, action: "events:PutEvents", resource: `arn:${P}:events:${R}:${A}:event-bus/ops` },
      ],
      [
        "assume the other account's role",
        {
          caller: FUNCTION,
          action: "sts:AssumeRole",
          resource: EVERY_OPTION.assumeRoles,
          externalResourcePolicy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: role }, Action: "sts:AssumeRole" }],
          },
        },
      ],
      [
        "modify its ElastiCache parameter group",
        {
          caller: FUNCTION,
          action: "elasticache:ModifyCacheParameterGroup",
          resource: `arn:${P}:elasticache:${R}:${A}:parametergroup:redis7-defrag`,
        },
      ],
      [
        "update its MemoryDB parameter group",
        {
          caller: FUNCTION,
          action: "memorydb:UpdateParameterGroup",
          resource: `arn:${P}:memorydb:${R}:${A}:parametergroup/mdb-defrag`,
        },
      ],
      [
        "modify its ElastiCache parameter group in another region",
        {
          caller: FUNCTION,
          action: "elasticache:ModifyCacheParameterGroup",
          resource: `arn:${P}:elasticache:us-east-1:${A}:parametergroup:redis7-us`,
        },
      ],
      ...managedReads(R),
      ...managedReads("us-east-1"),
      [
        "describe a MemoryDB parameter group",
        {
          caller: FUNCTION,
          action: "memorydb:DescribeParameters",
          resource: `arn:${P}:memorydb:${R}:${A}:parametergroup/mdb-defrag`,
        },
      ],
    ];
    const got = await decisions(iam, calls);
    expect(got).toEqual(Object.fromEntries(calls.map(([why]) => [why, "Allowed"])));
  });

  it("refuses what the configuration does not name", async () => {
    const calls: Array<[string, Call]> = [
      [
        "a secret with the name's prefix",
        { caller: FUNCTION, action: "secretsmanager:GetSecretValue", resource: secretArn("prod/redis-old") },
      ],
      ["another role", { caller: FUNCTION, action: "sts:AssumeRole", resource: `arn:${P}:iam::${ROLE_ACCOUNT}:role/admin` }],
      ["another bus", { caller: FUNCTION, action: "events:PutEvents", resource: `arn:${P}:events:${R}:${A}:event-bus/default` }],
      [
        "another parameter group",
        {
          caller: FUNCTION,
          action: "elasticache:ModifyCacheParameterGroup",
          resource: `arn:${P}:elasticache:${R}:${A}:parametergroup:prod`,
        },
      ],
      ["a modify of a cluster", { caller: FUNCTION, action: "elasticache:ModifyReplicationGroup", resource: "*" }],
      [
        "the named parameter group in a region it was not named for",
        {
          caller: FUNCTION,
          action: "elasticache:ModifyCacheParameterGroup",
          resource: `arn:${P}:elasticache:ap-south-1:${A}:parametergroup:redis7-defrag`,
        },
      ],
      ...managedReads("ap-south-1").map(([why, call]): [string, Call] => [`${why} in a region not named`, call]),
    ];
    const got = await decisions(iam, calls);
    for (const [why] of calls) expect(got[why], why).not.toBe("Allowed");
  });
});

describe("managed entries that name their resources (-c managedResources), as AWS evaluates them", () => {
  let iam: IamEvaluation;
  beforeAll(() => {
    ({ iam } = deploy(NAMED_RESOURCES));
  });
  const ec = (region: string, resource: string) => `arn:${P}:elasticache:${region}:${A}:${resource}`;
  const mdb = (resource: string) => `arn:${P}:memorydb:${R}:${A}:${resource}`;
  const call = (action: string, resource: string, region: string = R): Call => ({
    caller: FUNCTION,
    action,
    resource,
    context: { "aws:RequestedRegion": region },
  });

  it("describes exactly the named resources, their member clusters and their regions' parameter groups", async () => {
    const calls: Array<[string, Call]> = [
      ["the named group", call("elasticache:DescribeReplicationGroups", ec(R, "replicationgroup:sessions"))],
      ["its member clusters", call("elasticache:DescribeCacheClusters", ec(R, "cluster:sessions-002"))],
      [
        "the named cluster, in its region",
        call("elasticache:DescribeCacheClusters", ec("us-east-1", "cluster:solo"), "us-east-1"),
      ],
      ["the named serverless cache", call("elasticache:DescribeServerlessCaches", ec(R, "serverlesscache:carts"))],
      ["the group's tags", call("elasticache:ListTagsForResource", ec(R, "replicationgroup:sessions"))],
      ["a discovered parameter group", call("elasticache:DescribeCacheParameters", ec(R, "parametergroup:sessions-redis7"))],
      ["the named MemoryDB cluster", call("memorydb:DescribeClusters", mdb("cluster/orders"))],
      ["its tags", call("memorydb:ListTags", mdb("cluster/orders"))],
      ["its parameter group", call("memorydb:DescribeParameters", mdb("parametergroup/orders-valkey7"))],
      ["CloudWatch metrics", call("cloudwatch:GetMetricData", "*")],
    ];
    expect(await decisions(iam, calls)).toEqual(Object.fromEntries(calls.map(([why]) => [why, "Allowed"])));
  });

  it("refuses every other resource", async () => {
    const calls: Array<[string, Call]> = [
      ["another group", call("elasticache:DescribeReplicationGroups", ec(R, "replicationgroup:payments"))],
      ["another group's clusters", call("elasticache:DescribeCacheClusters", ec(R, "cluster:payments-001"))],
      ["the named cluster in another region", call("elasticache:DescribeCacheClusters", ec(R, "cluster:solo"))],
      ["another MemoryDB cluster", call("memorydb:DescribeClusters", mdb("cluster/billing"))],
      ["metrics in another region", call("cloudwatch:GetMetricData", "*", "ap-south-1")],
    ];
    const got = await decisions(iam, calls);
    for (const [why] of calls) expect(got[why], why).not.toBe("Allowed");
  });
});

/** The AWS calls the function's code makes, read from its own SDK command classes. */
function callsInCode(): string[] {
  const require = createRequire(join(ROOT, "package.json"));
  const prefix: Record<string, string> = {
    "@aws-sdk/client-secrets-manager": "secretsmanager",
    "@aws-sdk/client-sns": "sns",
    "@aws-sdk/client-sts": "sts",
    "@aws-sdk/client-cloudwatch": "cloudwatch",
    "@aws-sdk/client-eventbridge": "events",
    "@aws-sdk/client-elasticache": "elasticache",
    "@aws-sdk/client-memorydb": "memorydb",
    "@aws-sdk/lib-dynamodb": "dynamodb",
  };
  // The document client's commands map to DynamoDB's item operations.
  const documentClient: Record<string, string> = { Put: "PutItem", Delete: "DeleteItem", Get: "GetItem", Update: "UpdateItem" };
  const dir = join(ROOT, "lambda", "adapters", "aws");
  const actions = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(dir, file), "utf8");
    const packages = [...text.matchAll(/["'](@aws-sdk\/(?:client-[\w-]+|lib-dynamodb))["']/g)].map((m) => m[1] as string);
    for (const [, command] of text.matchAll(/new (\w+)Command\(/g)) {
      const pkg = packages.find((p) => prefix[p] && (require(p) as Record<string, unknown>)[`${command}Command`]);
      if (!pkg) throw new Error(`${file}: ${command}Command comes from no SDK package the test knows`);
      const op = pkg === "@aws-sdk/lib-dynamodb" ? (documentClient[command as string] ?? command) : command;
      actions.add(`${prefix[pkg]}:${op}`);
    }
  }
  return [...actions].sort();
}

describe("the evaluated calls cover the code", () => {
  it("has an allowed row for every AWS call in lambda/adapters/aws", () => {
    const missing = callsInCode().filter((a) => !ALLOWED_FOR_FUNCTION.has(a));
    expect(callsInCode().length).toBeGreaterThan(10);
    expect(missing, "calls in the code with no row in this test").toEqual([]);
  });

  it("grants the function no action its code does not call", () => {
    const { iam } = deploy(EVERY_OPTION);
    const granted = new Set(iam.identityStatements(FUNCTION.role).flatMap((st) => [st.Action].flat() as string[]));
    // Made on the function's behalf: Lambda writes its logs and its failed invocations; SNS and Secrets
    // Manager use the keys.
    const onItsBehalf = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "sqs:SendMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    ];
    const extra = [...granted].filter((a) => !callsInCode().includes(a) && !onItsBehalf.includes(a));
    expect(extra).toEqual([]);
  });
});
