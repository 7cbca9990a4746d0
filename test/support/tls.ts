import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsMaterial {
  dir: string;
  caFile: string;
  ca: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: trusting only it must fail. */
  otherCa: string;
}

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made with openssl. */
export function makeTlsMaterial(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), "rmc-tls-"));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const key = (name: string) => ["-newkey", "rsa:2048", "-nodes", "-keyout", f(`${name}.key`)];
  const selfSignedCa = (name: string, cn: string) =>
    ssl("req", "-x509", ...key(name), "-out", f(`${name}.crt`), "-days", "2", "-subj", `/CN=${cn}`);
  const signedByCa = (name: string, cn: string, ext: string[] = []) => {
    ssl("req", ...key(name), "-out", f(`${name}.csr`), "-subj", `/CN=${cn}`);
    ssl(
      "x509",
      "-req",
      "-in",
      f(`${name}.csr`),
      "-CA",
      f("ca.crt"),
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
      "-out",
      f(`${name}.crt`),
      "-days",
      "2",
      ...ext,
    );
  };
  selfSignedCa("ca", "rmc-test-ca");
  selfSignedCa("other", "other-ca");
  writeFileSync(f("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  signedByCa("server", "localhost", ["-extfile", f("server.ext")]);
  signedByCa("client", "checker");
  return {
    dir,
    caFile: f("ca.crt"),
    ca: readFileSync(f("ca.crt"), "utf8"),
    serverCertFile: f("server.crt"),
    serverKeyFile: f("server.key"),
    clientCert: readFileSync(f("client.crt"), "utf8"),
    clientKey: readFileSync(f("client.key"), "utf8"),
    otherCa: readFileSync(f("other.crt"), "utf8"),
  };
}

/** redis.conf lines for a TLS-only server using this material. */
export function tlsServerConfig(m: TlsMaterial, requireClientCert: boolean): string[] {
  return [
    `tls-cert-file ${m.serverCertFile}`,
    `tls-key-file ${m.serverKeyFile}`,
    `tls-ca-cert-file ${m.caFile}`,
    `tls-auth-clients ${requireClientCert ? "yes" : "no"}`,
  ];
}
