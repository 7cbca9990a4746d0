import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VPC_ENDPOINTS, vpcEndpointsFor, vpcEndpointTable } from "../../infra/vpcEndpoints.js";

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
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "deploying.md"), "utf8");
    const listed = /<!-- vpc-endpoints:start -->\n([\s\S]*?)\n<!-- vpc-endpoints:end -->/.exec(doc)?.[1];
    // Cell by cell: Biome pads the table's columns when it formats the page.
    const cells = (table: string) =>
      table.split("\n").map((row) =>
        row
          .split("|")
          .slice(1, -1)
          .map((c) => (/^\s*-+\s*$/.test(c) ? "---" : c.trim())),
      );
    expect(listed, "docs/deploying.md has the vpc-endpoints markers").toBeDefined();
    expect(cells(listed as string), "docs/deploying.md's table, between its vpc-endpoints markers").toEqual(
      cells(vpcEndpointTable()),
    );
  });
});
