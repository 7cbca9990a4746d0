import { type CfnElement, Stack, Validations } from "aws-cdk-lib";
import type { RedisMemoryChecker } from "./constructs/RedisMemoryChecker.js";
import type { NamedManagedResource } from "./managedGrants.js";

/** Each cdk-nag finding this design accepts, on the construct it concerns, with the reason. */
export function acknowledgeNagFindings(
  checker: RedisMemoryChecker,
  inVpc: boolean,
  managedFleet = false,
  named: readonly NamedManagedResource[] = [],
): void {
  Validations.of(checker).acknowledge({
    id: "AwsSolutions-SQS3",
    reason: "These queues are themselves dead-letter and failure-destination queues; a queue for them would never be read.",
  });
  Validations.of(checker.fn.role ?? checker.fn).acknowledge({
    id: "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
    reason:
      "Publishing to an SNS topic encrypted with a customer-managed key needs GenerateDataKey*; it is scoped to that one key.",
  });
  const fnLogicalId = Stack.of(checker).getLogicalId(checker.fn.node.defaultChild as CfnElement);
  Validations.of(checker.schedules.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
    reason: "CDK's LambdaInvoke grant covers the function's versions (ARN:*); the role can invoke only the check function.",
  });
  for (const secret of checker.secrets) {
    Validations.of(secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The secret holds the endpoint list; Redis credentials in it are rotated at their source (ElastiCache user rotation, requirepass changes) and copied in.",
    });
  }
  if (managedFleet) {
    Validations.of(checker.fn.role ?? checker.fn).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Managed-fleet discovery and CloudWatch reading: read-only describe, list and GetMetricData calls, which accept no resource narrower than the account; granted only when -c managedDiscovery or -c cloudwatchMetrics is set.",
    });
  }
  // Named managed resources: a replication group's member clusters (named by the API after the group), and
  // the parameter groups discovery finds in each region (their names are unknown until then).
  const region = (r: NamedManagedResource) => r.region ?? "<AWS::Region>";
  const wildcards = new Set([
    ...named
      .filter((r) => r.type === "replicationgroup")
      .map((r) => `arn:<AWS::Partition>:elasticache:${region(r)}:<AWS::AccountId>:cluster:${r.name}-*`),
    ...named.map((r) =>
      r.service === "memorydb"
        ? `arn:<AWS::Partition>:memorydb:${region(r)}:<AWS::AccountId>:parametergroup/*`
        : `arn:<AWS::Partition>:elasticache:${region(r)}:<AWS::AccountId>:parametergroup:*`,
    ),
  ]);
  for (const resource of wildcards) {
    Validations.of(checker.fn.role ?? checker.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${resource}]`,
      reason:
        "Read-only describe calls on the named resources' member clusters and on the parameter groups discovery finds in their regions (unknown until then): -c managedResources.",
    });
  }
  if (inVpc) {
    Validations.of(checker.fn.role ?? checker.fn).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
      reason: "AWSLambdaVPCAccessExecutionRole is AWS's own minimal policy for creating the function's network interfaces.",
    });
  }
}
