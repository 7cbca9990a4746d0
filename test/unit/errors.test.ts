import { describe, expect, it } from "vitest";
import { classifyError } from "../../lambda/core/vocabulary/errors.js";

describe("classifyError", () => {
  it.each([
    [{ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }, "CONNECTION_REFUSED"],
    [{ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND nope" }, "HOST_NOT_FOUND"],
    [{ code: "ETIMEDOUT", message: "connect ETIMEDOUT" }, "TIMEOUT"],
    [{ message: "Command timed out" }, "TIMEOUT"],
    [{ message: "WRONGPASS invalid username-password pair or user is disabled." }, "AUTH_FAILED"],
    [{ message: "NOAUTH Authentication required." }, "AUTH_FAILED"],
    [{ message: "NOPERM this user has no permissions to run the 'info' command" }, "NO_PERMISSION"],
    [{ code: "ERR_SSL_WRONG_VERSION_NUMBER", message: "wrong version number" }, "TLS_FAILED"],
    [{ code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" }, "TLS_FAILED"],
    [{ message: "Connection is closed." }, "CONNECTION_REFUSED"],
    [{ message: "LOADING Redis is loading the dataset in memory" }, "COMMAND_FAILED"],
  ])("%j -> %s", (err, code) => {
    expect(classifyError(err).code).toBe(code);
  });

  it("copes with non-errors", () => {
    expect(classifyError("boom")).toEqual({ code: "ERROR", message: "boom" });
    expect(classifyError(undefined).code).toBe("ERROR");
  });
});
