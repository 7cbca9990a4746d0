import { DEPLOYED } from "./cfnTemplate.js";

const { partition: P, region: R, account: A } = DEPLOYED;
export const OTHER_ACCOUNT = "333333333333";
export const ROLE_ACCOUNT = "222222222222";

/** The app's context with every option on: secrets of each kind, managed fleets in two regions, a VPC. */
export const EVERY_OPTION = {
  alertEmails: "sre@example.com",
  alertPhones: "+14155550100",
  owners: JSON.stringify({ payments: { emails: ["pay@example.com"] } }),
  endpointSecrets: [
    "prod/redis",
    `arn:${P}:secretsmanager:us-east-1:${A}:secret:team/cache-config`,
    `arn:${P}:secretsmanager:${R}:${OTHER_ACCOUNT}:secret:shared/redis-Xy12Zq`,
  ].join(","),
  credentialSecrets: `elasticache/app-user,arn:${P}:secretsmanager:${R}:${A}:secret:app/REDIS7-??????`,
  secretKeyArns: `arn:${P}:kms:${R}:${OTHER_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
  parameterGroups: "redis7-defrag,memorydb:mdb-defrag,redis7-us@us-east-1",
  managedDiscovery: "elasticache,memorydb",
  managedRegions: `${R},us-east-1`,
  cloudwatchMetrics: "true",
  assumeRoles: `arn:${P}:iam::${ROLE_ACCOUNT}:role/rmc-read`,
  eventBus: "ops",
  slackWorkspaceId: "T0123456789",
  slackChannelId: "C0123456789",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
  availabilityZones: `${R}a,${R}b`,
  createVpcEndpoints: "true",
  routeTableIds: "rtb-0123456789abcdef0",
};

/** Managed entries that name their resources (-c managedResources): describe calls granted on exactly those. */
export const NAMED_RESOURCES = {
  alertEmails: "sre@example.com",
  managedDiscovery: "elasticache,memorydb",
  managedResources: [
    "elasticache:replicationgroup:sessions",
    "elasticache:cluster:solo@us-east-1",
    "elasticache:serverlesscache:carts",
    "memorydb:cluster:orders",
  ].join(","),
  cloudwatchMetrics: "true",
};
