import * as ec2 from "aws-cdk-lib/aws-ec2";

/** What the function's configuration makes it call, as far as the network is concerned. */
export interface ApiUse {
  parameterGroups: Array<"elasticache" | "memorydb">;
  discovery: Array<"elasticache" | "memorydb">;
  cloudwatch: boolean;
  assumeRoles: boolean;
  eventBus: boolean;
}

interface VpcEndpointSpec {
  /** The API, as people name it. */
  api: string;
  /** The endpoint's construct id (kept as first deployed: a new id would replace an endpoint in place). */
  id: string;
  /** Why the function calls it, and when (the docs' table). */
  when: string;
  used(use: ApiUse): boolean;
  service: { interface: ec2.InterfaceVpcEndpointAwsService } | { gateway: ec2.GatewayVpcEndpointAwsService };
}

/**
 * Every AWS API the function calls from inside a VPC, the one source for the stack's endpoints and the docs'
 * table. The key is what `-c skipVpcEndpoints` names. DynamoDB is a gateway endpoint: free, no DNS, no
 * security group, reached through the subnets' route tables.
 */
export const VPC_ENDPOINTS = {
  secretsmanager: {
    id: "SecretsManagerEndpoint",
    api: "Secrets Manager",
    when: "always: the endpoints document and credentials secrets",
    used: () => true,
    service: { interface: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER },
  },
  sns: {
    id: "SnsEndpoint",
    api: "SNS",
    when: "always: the alerts",
    used: () => true,
    service: { interface: ec2.InterfaceVpcEndpointAwsService.SNS },
  },
  dynamodb: {
    id: "DynamoDbGatewayEndpoint",
    api: "DynamoDB (gateway)",
    when: "always: the alert state",
    used: () => true,
    service: { gateway: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
  },
  sts: {
    id: "StsEndpoint",
    api: "STS",
    when: "`-c assumeRoles`: managed entries in other accounts",
    used: (u) => u.assumeRoles,
    service: { interface: ec2.InterfaceVpcEndpointAwsService.STS },
  },
  events: {
    id: "EventBridgeEndpoint",
    api: "EventBridge",
    when: "`-c eventBus`: one event per alerted node",
    used: (u) => u.eventBus,
    service: { interface: ec2.InterfaceVpcEndpointAwsService.EVENTBRIDGE },
  },
  elasticache: {
    id: "ElastiCacheEndpoint",
    api: "ElastiCache",
    when: "`-c managedDiscovery=elasticache`, or an ElastiCache group in `-c parameterGroups`",
    used: (u) => u.discovery.includes("elasticache") || u.parameterGroups.includes("elasticache"),
    service: { interface: ec2.InterfaceVpcEndpointAwsService.ELASTICACHE },
  },
  memorydb: {
    id: "MemoryDbEndpoint",
    api: "MemoryDB",
    when: "`-c managedDiscovery=memorydb`, or a `memorydb:` group in `-c parameterGroups`",
    used: (u) => u.discovery.includes("memorydb") || u.parameterGroups.includes("memorydb"),
    service: { interface: ec2.InterfaceVpcEndpointAwsService.MEMORY_DB },
  },
  monitoring: {
    id: "CloudWatchEndpoint",
    api: "CloudWatch (metrics)",
    when: "`-c cloudwatchMetrics`: managed nodes read from CloudWatch",
    used: (u) => u.cloudwatch,
    service: { interface: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING },
  },
} satisfies Record<string, VpcEndpointSpec>;

export type VpcEndpointKey = keyof typeof VPC_ENDPOINTS;

/** The endpoints this configuration needs, less those the VPC already has. */
export function vpcEndpointsFor(use: ApiUse, skip: readonly VpcEndpointKey[] = []): VpcEndpointKey[] {
  return (Object.keys(VPC_ENDPOINTS) as VpcEndpointKey[]).filter(
    (k) => (VPC_ENDPOINTS[k] as VpcEndpointSpec).used(use) && !skip.includes(k),
  );
}

/** The docs' table (docs/deploying.md, between its vpc-endpoints markers), from the same source. */
export function vpcEndpointTable(): string {
  const rows = (Object.entries(VPC_ENDPOINTS) as Array<[VpcEndpointKey, VpcEndpointSpec]>).map(([key, spec]) => {
    const kind = "gateway" in spec.service ? "gateway" : "interface";
    // A gateway service's name holds the region as a token; its short name is the key's.
    const name = "gateway" in spec.service ? key : spec.service.interface.shortName;
    return `| ${spec.api} | \`${key}\` | ${kind} (\`${name}\`) | ${spec.when} |`;
  });
  return ["| API | `-c skipVpcEndpoints` name | endpoint | created when |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
