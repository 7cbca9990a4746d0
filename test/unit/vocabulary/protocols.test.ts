import { describe, expect, it } from "vitest";
import { foreignAnswer } from "../../../lambda/core/vocabulary/protocols.js";

const bytes = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s, "latin1") : Buffer.from(s));

describe("foreignAnswer: what answered, from its first bytes", () => {
  it.each(["$1234\r\n# Server\r\n", "-ERR unknown command\r\n", "+OK\r\n", "*2\r\n", ":1\r\n", "%1\r\n", "_\r\n", ""])(
    "%j starts as a Redis reply does (or is nothing): not foreign",
    (text) => {
      expect(foreignAnswer(bytes(text))).toBeUndefined();
    },
  );

  it.each([
    ["HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n", { protocol: "HTTP", quote: "HTTP/1.1 400 Bad Request" }],
    ["SSH-2.0-OpenSSH_9.2\r\n", { protocol: "SSH", quote: "SSH-2.0-OpenSSH_9.2" }],
    ["220 mx.example.com ESMTP Postfix\r\n", { protocol: "SMTP", quote: "220 mx.example.com ESMTP Postfix" }],
    ["220-ProFTPD Server ready.\r\n", { protocol: "FTP", quote: "220-ProFTPD Server ready." }],
    ["220 ready\r\n", { protocol: "an SMTP or FTP greeting", quote: "220 ready" }],
    ["ERROR\r\n", { protocol: "as memcached does", quote: "ERROR" }],
    [
      [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46],
      { protocol: "a TLS alert", tls: true, quote: "\\x15\\x03\\x03\\x00\\x02\\x02F" },
    ],
    [[0x16, 0x03, 0x01, 0x00, 0x0a, 0x0d], { protocol: "a TLS handshake", tls: true, quote: "\\x16\\x03\\x01\\x00\\x0a\\x0d" }],
  ])("%j", (sent, expected) => {
    expect(foreignAnswer(bytes(sent))).toEqual(expected);
  });

  it("quotes the first line only, at most 60 characters, every byte outside printable ASCII escaped", () => {
    expect(foreignAnswer(bytes("\u001b[2J\u009b31m\u00ff hi\r\nsecond line"))).toEqual({ quote: "\\x1b[2J\\x9b31m\\xff hi" });
    expect(foreignAnswer(bytes(`HTTP/1.1 ${"x".repeat(100)}`))?.quote).toBe(`HTTP/1.1 ${"x".repeat(51)}…`);
  });
});
