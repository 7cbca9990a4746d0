import { describe, expect, it } from "vitest";
import { VPC_ENDPOINTS, vpcEndpointsFor, vpcEndpointTable } from "../../infra/vpcEndpoints.js";
import { markedBlock, tableCells } from "../support/markdownTable.js";

const NONE = { parameterGroups: [], discovery: [], cloudwatch: false, assumeRoles: false, eventBus: false };

describe("VPC endpoints", () => {
  it("are only those the configuration calls, less those skipped", () => {
    expect(vpcEndpointsFor(NONE)).toEqual(["secretsmanager", "sns", "dynamodb"]);
    expect(vpcEndpointsFor({ ...NONE, parameterGroups: ["memorydb"], eventBus: true }, ["sns"])).toEqual([
      "secretsmanager",
      "dynamodb",
      "events",
      "memorydb",
    ]);
    expect(
      vpcEndpointsFor({
        parameterGroups: [],
        discovery: ["elasticache", "memorydb"],
        cloudwatch: true,
        assumeRoles: true,
        eventBus: true,
      }),
    ).toEqual(Object.keys(VPC_ENDPOINTS));
  });

  it("are listed in docs/deploying.md from the same table the stack uses", () => {
    const listed = markedBlock("docs/deploying.md", "vpc-endpoints");
    expect(listed, "docs/deploying.md has the vpc-endpoints markers").toBeDefined();
    // Cell by cell: Biome pads the table's columns when it formats the page.
    expect(tableCells(listed as string), "docs/deploying.md's table, between its vpc-endpoints markers").toEqual(
      tableCells(vpcEndpointTable()),
    );
  });
});
