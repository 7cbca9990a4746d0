import { describe, expect, it } from "vitest";
import { endpointOf } from "../../../support/managed.js";

describe("a discovered resource becomes an endpoint", () => {
  it("named by its id, seeded on its primary, with TLS as the API says and its parameter group as the repair", () => {
    const e = endpointOf({ elasticache: "all", region: "eu-west-1", password: "token" });
    expect(e).toMatchObject({
      name: "sessions-prod",
      display: "elasticache:sessions-prod",
      target: { host: "10.0.1.10", port: 6379, password: "token", tls: {} },
      remediation: { parameterGroup: { name: "sessions-redis7", service: "elasticache", region: "eu-west-1" } },
      managed: { read: "auto", resourceId: "sessions-prod" },
    });
  });
});
