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
  projectRoot: string;
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
 * The check function with the house defaults: newest Node.js runtime (24), ARM64, CommonJS bundle built
 * locally by esbuild (never Docker), source maps, its own log group with retention, and a role that can
 * write only to that log group.
 */
export class CheckerFunction extends NodejsFunction {
  readonly logGroupResource: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CheckerFunctionProps) {
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
    super(scope, id, {
      entry: `${props.projectRoot}/${HANDLER_ENTRY}`,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      handler: "handler",
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
      bundling: {
        format: OutputFormat.CJS,
        target: BUNDLE_SETTINGS.target,
        minify: BUNDLE_SETTINGS.minify,
        sourceMap: BUNDLE_SETTINGS.sourcemap,
        externalModules: [...BUNDLE_SETTINGS.external],
        define: versionDefine(props.projectRoot),
        forceDockerBundling: false,
      },
    });
    this.logGroupResource = logGroup;
  }
}
