import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { HandlerEnvironment } from "../../lambda/core/settings/env.js";
import { BUNDLE_SETTINGS, HANDLER_ENTRY, RUNTIME_NODE_OPTIONS, versionDefine } from "../bundling.js";

export interface CheckerFunctionProps {
  /** This checkout's source (bundled at synth), or a directory holding a prebuilt `check.cjs`. */
  code: { projectRoot: string } | { bundleDir: string };
  /** Typed by the handler's own schema: renaming a variable there breaks this compile. */
  environment: HandlerEnvironment;
  timeout: Duration;
  memorySize: number;
  logRetention: logs.RetentionDays;
  vpc?: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
  onFailure?: lambda.IDestination;
}

/**
 * The check function with the house defaults: newest Node.js runtime (24), ARM64, source maps, its own log
 * group with retention, and a role that can write only to that log group. Built from this checkout's
 * source by esbuild (never Docker) when `projectRoot` is given, else from a prebuilt `check.cjs` (the
 * published package's `dist/lambda`).
 */
export function checkerFunction(scope: Construct, id: string, props: CheckerFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    description: "redis-memory-checker function: logs, secrets, SNS; nothing else",
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [logGroup.logGroupArn],
    }),
  );
  if (props.vpc) {
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
  }
  const common = {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    environment: { NODE_OPTIONS: RUNTIME_NODE_OPTIONS, ...props.environment },
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: props.securityGroups,
    onFailure: props.onFailure,
    retryAttempts: 0,
  };
  if ("bundleDir" in props.code) {
    return new lambda.Function(scope, id, {
      ...common,
      code: lambda.Code.fromAsset(props.code.bundleDir),
      handler: "check.handler",
    });
  }
  const root = props.code.projectRoot;
  return new NodejsFunction(scope, id, {
    ...common,
    entry: `${root}/${HANDLER_ENTRY}`,
    projectRoot: root,
    depsLockFilePath: `${root}/package-lock.json`,
    handler: "handler",
    bundling: {
      format: OutputFormat.CJS,
      target: BUNDLE_SETTINGS.target,
      minify: BUNDLE_SETTINGS.minify,
      sourceMap: BUNDLE_SETTINGS.sourcemap,
      externalModules: [...BUNDLE_SETTINGS.external],
      define: versionDefine(root),
      forceDockerBundling: false,
    },
  });
}
