import { describe, expect, it } from "vitest";
import { classifyError, errorNextStep } from "../../../lambda/core/vocabulary/errors.js";

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

const bytes = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s, "latin1") : Buffer.from(s));

describe("classifyError with what the server sent", () => {
  it("ioredis's decoder error on an HTTP port is NOT_REDIS, with a next step about the port", () => {
    const err = Object.assign(new Error('Unknown RESP type 72 "H". Please report this.'), {
      received: bytes("HTTP/1.1 400 Bad Request\r\n"),
    });
    expect(classifyError(err)).toEqual({
      code: "NOT_REDIS",
      message: 'not a Redis server: it answered HTTP ("HTTP/1.1 400 Bad Request")',
    });
    expect(errorNextStep("NOT_REDIS")).toMatch(/^Check the port: another service answers there, not Redis/);
  });

  it("a TLS record on a plain connection is TLS_FAILED: the fix is rediss://", () => {
    const err = Object.assign(new Error("Connection is closed."), {
      received: bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]),
    });
    expect(classifyError(err)).toMatchObject({ code: "TLS_FAILED", message: expect.stringMatching(/use rediss:\/\/$/) });
  });

  it("a Redis that answered part of a reply and then timed out is still a timeout", () => {
    const err = Object.assign(new Error("Command timed out"), { received: bytes("$20480\r\n# Server\r\nredis_ver") });
    expect(classifyError(err).code).toBe("TIMEOUT");
  });
});
