import type { GetMetricDataCommandOutput } from "@aws-sdk/client-cloudwatch";
import type {
  DescribeCacheClustersCommandOutput,
  DescribeReplicationGroupsCommandOutput,
  DescribeServerlessCachesCommandOutput,
  ListTagsForResourceCommandOutput,
} from "@aws-sdk/client-elasticache";
import type { DescribeClustersCommandOutput } from "@aws-sdk/client-memorydb";

/**
 * Responses in the shapes of the AWS API reference's examples (DescribeReplicationGroups,
 * DescribeCacheClusters with ShowCacheNodeInfo, DescribeServerlessCaches, MemoryDB DescribeClusters with
 * ShowShardDetails, GetMetricData), with the node addresses pointed at loopback servers. Typed by the SDK,
 * so a misspelt field fails the compile.
 */
const meta = { httpStatusCode: 200, requestId: "5a2c8c2e-1e7c-4b3e-9d1c-3f1a2b4c5d6e", attempts: 1, totalRetryDelay: 0 };

export function replicationGroups(primaryPort: number, replicaPort: number): DescribeReplicationGroupsCommandOutput {
  return {
    $metadata: meta,
    ReplicationGroups: [
      {
        ReplicationGroupId: "sessions-prod",
        Description: "sessions",
        GlobalReplicationGroupInfo: {},
        Status: "available",
        PendingModifiedValues: {},
        MemberClusters: ["sessions-prod-001", "sessions-prod-002"],
        NodeGroups: [
          {
            NodeGroupId: "0001",
            Status: "available",
            PrimaryEndpoint: { Address: "sessions-prod.abc123.ng.0001.euw1.cache.amazonaws.com", Port: 6379 },
            ReaderEndpoint: { Address: "sessions-prod-ro.abc123.ng.0001.euw1.cache.amazonaws.com", Port: 6379 },
            NodeGroupMembers: [
              {
                CacheClusterId: "sessions-prod-001",
                CacheNodeId: "0001",
                ReadEndpoint: { Address: "127.0.0.1", Port: primaryPort },
                PreferredAvailabilityZone: "eu-west-1a",
                CurrentRole: "primary",
              },
              {
                CacheClusterId: "sessions-prod-002",
                CacheNodeId: "0001",
                ReadEndpoint: { Address: "127.0.0.1", Port: replicaPort },
                PreferredAvailabilityZone: "eu-west-1b",
                CurrentRole: "replica",
              },
            ],
          },
        ],
        SnapshottingClusterId: "sessions-prod-002",
        AutomaticFailover: "enabled",
        MultiAZ: "enabled",
        SnapshotRetentionLimit: 1,
        SnapshotWindow: "04:00-05:00",
        ClusterEnabled: false,
        CacheNodeType: "cache.r7g.large",
        AuthTokenEnabled: false,
        TransitEncryptionEnabled: false,
        AtRestEncryptionEnabled: true,
        ARN: "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions-prod",
        LogDeliveryConfigurations: [],
        ReplicationGroupCreateTime: new Date("2026-03-02T09:12:44.000Z"),
        DataTiering: "disabled",
        AutoMinorVersionUpgrade: true,
        NetworkType: "ipv4",
        IpDiscovery: "ipv4",
        ClusterMode: "disabled",
        Engine: "redis",
      },
    ],
  };
}

function cacheCluster(
  id: string,
  port: number,
  zone: string,
): NonNullable<DescribeCacheClustersCommandOutput["CacheClusters"]>[number] {
  return {
    CacheClusterId: id,
    ClientDownloadLandingPage: "https://console.aws.amazon.com/elasticache/home#client-download:",
    CacheNodeType: "cache.r7g.large",
    Engine: "redis",
    EngineVersion: "7.1.0",
    CacheClusterStatus: "available",
    NumCacheNodes: 1,
    PreferredAvailabilityZone: zone,
    CacheClusterCreateTime: new Date("2026-03-02T09:12:44.000Z"),
    PreferredMaintenanceWindow: "sun:05:30-sun:06:30",
    PendingModifiedValues: {},
    CacheSecurityGroups: [],
    CacheParameterGroup: {
      CacheParameterGroupName: "sessions-redis7",
      ParameterApplyStatus: "in-sync",
      CacheNodeIdsToReboot: [],
    },
    CacheSubnetGroupName: "private-subnets",
    CacheNodes: [
      {
        CacheNodeId: "0001",
        CacheNodeStatus: "available",
        CacheNodeCreateTime: new Date("2026-03-02T09:12:44.000Z"),
        Endpoint: { Address: "127.0.0.1", Port: port },
        ParameterGroupStatus: "in-sync",
        CustomerAvailabilityZone: zone,
      },
    ],
    AutoMinorVersionUpgrade: true,
    SecurityGroups: [{ SecurityGroupId: "sg-0a1b2c3d4e5f60718", Status: "active" }],
    ReplicationGroupId: "sessions-prod",
    SnapshotRetentionLimit: 1,
    SnapshotWindow: "04:00-05:00",
    AuthTokenEnabled: false,
    TransitEncryptionEnabled: false,
    AtRestEncryptionEnabled: true,
    ARN: `arn:aws:elasticache:eu-west-1:123456789012:cluster:${id}`,
    ReplicationGroupLogDeliveryEnabled: false,
    LogDeliveryConfigurations: [],
    NetworkType: "ipv4",
    IpDiscovery: "ipv4",
  };
}

export function cacheClusters(primaryPort: number, replicaPort: number): DescribeCacheClustersCommandOutput {
  return {
    $metadata: meta,
    CacheClusters: [
      cacheCluster("sessions-prod-001", primaryPort, "eu-west-1a"),
      cacheCluster("sessions-prod-002", replicaPort, "eu-west-1b"),
    ],
  };
}

export function serverlessCaches(): DescribeServerlessCachesCommandOutput {
  return {
    $metadata: meta,
    ServerlessCaches: [
      {
        ServerlessCacheName: "api-cache",
        Description: "API response cache",
        CreateTime: new Date("2026-05-11T14:03:09.000Z"),
        Status: "available",
        Engine: "valkey",
        MajorEngineVersion: "8",
        FullEngineVersion: "8.0",
        CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: "GB" }, ECPUPerSecond: { Maximum: 15000 } },
        SecurityGroupIds: ["sg-0a1b2c3d4e5f60718"],
        Endpoint: { Address: "api-cache-abc123.serverless.euw1.cache.amazonaws.com", Port: 6379 },
        ReaderEndpoint: { Address: "api-cache-abc123.serverless.euw1.cache.amazonaws.com", Port: 6380 },
        ARN: "arn:aws:elasticache:eu-west-1:123456789012:serverlesscache:api-cache",
        SubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        SnapshotRetentionLimit: 0,
        DailySnapshotTime: "04:00",
      },
    ],
  };
}

export function memorydbClusters(): DescribeClustersCommandOutput {
  return {
    $metadata: meta,
    Clusters: [
      {
        Name: "orders",
        Status: "available",
        NumberOfShards: 1,
        Shards: [
          {
            Name: "0001",
            Status: "available",
            Slots: "0-16383",
            NumberOfNodes: 2,
            Nodes: [
              {
                Name: "orders-0001-001",
                Status: "available",
                AvailabilityZone: "eu-west-1a",
                CreateTime: new Date("2026-02-01T10:00:00.000Z"),
                Endpoint: { Address: "orders-0001-001.orders.abc123.memorydb.eu-west-1.amazonaws.com", Port: 6379 },
              },
              {
                Name: "orders-0001-002",
                Status: "available",
                AvailabilityZone: "eu-west-1b",
                CreateTime: new Date("2026-02-01T10:00:00.000Z"),
                Endpoint: { Address: "orders-0001-002.orders.abc123.memorydb.eu-west-1.amazonaws.com", Port: 6379 },
              },
            ],
          },
        ],
        ClusterEndpoint: { Address: "clustercfg.orders.abc123.memorydb.eu-west-1.amazonaws.com", Port: 6379 },
        NodeType: "db.r7g.large",
        Engine: "valkey",
        EngineVersion: "7.3",
        EnginePatchVersion: "7.3.0",
        ParameterGroupName: "orders-valkey7",
        ParameterGroupStatus: "in-sync",
        SecurityGroups: [{ SecurityGroupId: "sg-0a1b2c3d4e5f60718", Status: "active" }],
        SubnetGroupName: "private-subnets",
        TLSEnabled: true,
        ARN: "arn:aws:memorydb:eu-west-1:123456789012:cluster/orders",
        SnapshotRetentionLimit: 1,
        MaintenanceWindow: "sun:23:00-mon:01:30",
        SnapshotWindow: "04:00-05:00",
        ACLName: "open-access",
        AutoMinorVersionUpgrade: true,
        DataTiering: "false",
      },
    ],
  };
}

export function tags(pairs: Record<string, string>): ListTagsForResourceCommandOutput {
  return { $metadata: meta, TagList: Object.entries(pairs).map(([Key, Value]) => ({ Key, Value })) };
}

/** GetMetricData's answer: each query's newest datapoint first (ScanBy TimestampDescending). */
export function metricData(values: Record<string, number>, at: Date): GetMetricDataCommandOutput {
  return {
    $metadata: meta,
    MetricDataResults: Object.entries(values).map(([Id, v]) => ({
      Id,
      Label: Id,
      Timestamps: [at, new Date(at.getTime() - 60_000)],
      Values: [v, v],
      StatusCode: "Complete",
    })),
    Messages: [],
  };
}
