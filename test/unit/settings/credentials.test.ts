import { describe, expect, it } from "vitest";
import { parseCredentials } from "../../../lambda/core/settings/credentials.js";
import { JsonSyntaxError } from "../../../lambda/core/settings/json.js";

describe("parseCredentials (issue 21)", () => {
  it("a credentials secret that is JSON with a mistake says where, not that it holds no password", () => {
    let error: unknown;
    try {
      parseCredentials('{\n  "username": "checker",\n  "password": "hunter2"\n  "user_arn": "arn"\n}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as Error).message).toBe(
      'not valid JSON at line 4, column 3: expected "," or "}" after a property\'s value (a comma missing between two properties?)',
    );
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("JSON without a password is still none, and a bare token is the password", () => {
    expect(parseCredentials('{"user":"x"}')).toBeUndefined();
    expect(parseCredentials("bare-auth-token\n")).toEqual({ password: "bare-auth-token" });
  });
});
