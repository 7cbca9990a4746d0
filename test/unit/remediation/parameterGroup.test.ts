import { describe, expect, it } from "vitest";
import type { RemediationOptions } from "../../../lambda/core/endpoints/endpoint.js";
import { decideParameterGroup, parameterGroupToRead } from "../../../lambda/core/remediation/parameterGroup.js";

describe("the parameter-group decision", () => {
  const group = { name: "redis7-defrag", service: "elasticache" as const };
  const opts = (mode: RemediationOptions["mode"], name = group.name): RemediationOptions => ({
    mode,
    purge: false,
    parameterGroup: { ...group, name },
  });

  it("does nothing when off, not needed, or without a group", () => {
    expect(decideParameterGroup(opts("off"), true)).toEqual({ kind: "none" });
    expect(decideParameterGroup(opts("on"), false)).toEqual({ kind: "none" });
    expect(decideParameterGroup({ mode: "on", purge: false }, true)).toEqual({ kind: "none" });
  });

  it("refuses a default group, says already enabled, dry-runs, or calls", () => {
    expect(decideParameterGroup(opts("on", "default.redis7"), true)).toMatchObject({
      kind: "settled",
      result: { outcome: "unsupported" },
    });
    expect(decideParameterGroup(opts("on"), true, "yes")).toMatchObject({
      kind: "settled",
      result: { outcome: "already-enabled" },
    });
    expect(decideParameterGroup(opts("dry-run"), true, "no")).toMatchObject({
      kind: "settled",
      result: { outcome: "dry-run", command: "elasticache:ModifyCacheParameterGroup redis7-defrag activedefrag=yes" },
    });
    expect(decideParameterGroup(opts("on"), true, "no")).toMatchObject({ kind: "call" });
  });

  it("reads a group only when a change could follow", () => {
    expect(parameterGroupToRead(opts("on"), true)).toEqual(group);
    expect(parameterGroupToRead(opts("off"), true)).toBeUndefined();
    expect(parameterGroupToRead(opts("on", "default.redis7"), true)).toBeUndefined();
    expect(parameterGroupToRead(opts("on"), false)).toBeUndefined();
  });
});
