import {
  DescribeCacheParametersCommand,
  ElastiCacheClient,
  InvalidParameterValueException,
  ModifyCacheParameterGroupCommand,
} from "@aws-sdk/client-elasticache";
import { DescribeParametersCommand, MemoryDBClient, UpdateParameterGroupCommand } from "@aws-sdk/client-memorydb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsParameterGroups, lazyParameterGroupClients } from "../../lambda/adapters/aws/parameterGroups.js";
import type { ActionResult } from "../../lambda/core/vocabulary/types.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { checkDocument } from "../support/check.js";

const elasticache = mockClient(ElastiCacheClient);
const memorydb = mockClient(MemoryDBClient);
let managed: RedisServer;
let selfHosted: RedisServer;

beforeAll(async () => {
  // CONFIG refused as on ElastiCache and MemoryDB; fragmented for real.
  [managed, selfHosted] = await Promise.all([RedisServer.start({ config: ['rename-command CONFIG ""'] }), RedisServer.start()]);
  for (const s of [managed, selfHosted]) {
    const c = s.client();
    await fragment(c, { keys: 300_000 });
    c.disconnect();
  }
  await new Promise((r) => setTimeout(r, 1500));
});
afterAll(async () => {
  await Promise.all([managed?.stop(), selfHosted?.stop()]);
});
beforeEach(() => {
  elasticache.reset();
  memorydb.reset();
  elasticache
    .on(DescribeCacheParametersCommand)
    .resolves({ Parameters: [{ ParameterName: "activedefrag", ParameterValue: "no" }] });
  elasticache.on(ModifyCacheParameterGroupCommand).resolves({ CacheParameterGroupName: "redis7-defrag" });
  memorydb.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: "activedefrag", Value: "no" }] });
  memorydb.on(UpdateParameterGroupCommand).resolves({});
});

async function endpointActions(remediation: Record<string, unknown>, server = managed): Promise<ActionResult[]> {
  const report = await checkDocument([{ name: "cache", url: server.url, remediation }], {
    parameterGroups: awsParameterGroups(lazyParameterGroupClients()),
  });
  return report.endpoints[0]?.actions ?? [];
}

describe("activedefrag through the parameter group (ElastiCache / MemoryDB)", () => {
  it("dry-run says what it would set, and changes nothing", async () => {
    const actions = await endpointActions({ mode: "dry-run", parameterGroup: "redis7-defrag" });
    expect(actions).toEqual([
      expect.objectContaining({
        outcome: "dry-run",
        command: "elasticache:ModifyCacheParameterGroup redis7-defrag activedefrag=yes",
      }),
    ]);
    expect(elasticache).not.toHaveReceivedCommand(ModifyCacheParameterGroupCommand);
  });

  it("on: sets activedefrag yes in the named group", async () => {
    const actions = await endpointActions({ mode: "on", parameterGroup: "redis7-defrag" });
    expect(actions[0]?.outcome).toBe("applied");
    expect(elasticache).toHaveReceivedCommandWith(ModifyCacheParameterGroupCommand, {
      CacheParameterGroupName: "redis7-defrag",
      ParameterNameValues: [{ ParameterName: "activedefrag", ParameterValue: "yes" }],
    });
  });

  it("reports already enabled when the group has it", async () => {
    elasticache
      .on(DescribeCacheParametersCommand)
      .resolves({ Parameters: [{ ParameterName: "activedefrag", ParameterValue: "yes" }] });
    // The group is read on every check, so the node itself already knows defrag is on.
    const report = await checkDocument(
      [{ name: "cache", url: managed.url, remediation: { mode: "on", parameterGroup: "redis7-defrag" } }],
      {
        parameterGroups: awsParameterGroups(lazyParameterGroupClients()),
      },
    );
    const actions = [...(report.endpoints[0]?.actions ?? []), ...(report.endpoints[0]?.nodes[0]?.actions ?? [])];
    expect(actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")?.outcome).toBe("already-enabled");
    expect(elasticache).not.toHaveReceivedCommand(ModifyCacheParameterGroupCommand);
  });

  it("refuses to modify a default group (reading it is fine)", async () => {
    const actions = await endpointActions({ mode: "on", parameterGroup: "default.redis7" });
    expect(actions[0]).toMatchObject({ outcome: "unsupported" });
    expect(actions[0]?.nextStep).toMatch(/custom parameter group/);
    expect(elasticache).not.toHaveReceivedCommand(ModifyCacheParameterGroupCommand);
  });

  it("access denied is no-permission; the service's default-group refusal is unsupported", async () => {
    elasticache.on(ModifyCacheParameterGroupCommand).rejects(
      Object.assign(new Error("User is not authorized to perform: elasticache:ModifyCacheParameterGroup"), {
        name: "AccessDeniedException",
      }),
    );
    expect((await endpointActions({ mode: "on", parameterGroup: "redis7-defrag" }))[0]).toMatchObject({
      outcome: "no-permission",
    });
    elasticache
      .on(ModifyCacheParameterGroupCommand)
      .rejects(new InvalidParameterValueException({ message: "Default parameter groups cannot be modified.", $metadata: {} }));
    const refused = (await endpointActions({ mode: "on", parameterGroup: "redis7-defrag" }))[0];
    expect(refused).toMatchObject({ outcome: "unsupported" });
    expect(refused?.serverMessage).toMatch(/InvalidParameterValueException: Default parameter groups cannot be modified/);
  });

  it("MemoryDB groups go through UpdateParameterGroup", async () => {
    const actions = await endpointActions({
      mode: "on",
      parameterGroup: { name: "memdb-defrag", service: "memorydb", region: "eu-west-1" },
    });
    expect(actions[0]?.outcome).toBe("applied");
    expect(memorydb).toHaveReceivedCommandWith(UpdateParameterGroupCommand, {
      ParameterGroupName: "memdb-defrag",
      ParameterNameValues: [{ ParameterName: "activedefrag", ParameterValue: "yes" }],
    });
  });

  it("does nothing when remediation is off, or where CONFIG works (self-hosted)", async () => {
    expect(await endpointActions({ mode: "off", parameterGroup: "redis7-defrag" })).toEqual([]);
    expect(await endpointActions({ mode: "on", parameterGroup: "redis7-defrag" }, selfHosted)).toEqual([]);
    expect(elasticache).not.toHaveReceivedCommand(ModifyCacheParameterGroupCommand);
  });
});
