import { createServer, type Server } from "node:http";

/**
 * A minimal Secrets Manager on loopback: answers GetSecretValue (JSON 1.1 protocol) from a map, and
 * ResourceNotFoundException for anything else. Enough for the bundled handler's real SDK client.
 */
export class SecretsResponder {
  readonly requests: string[] = [];
  private server?: Server;

  constructor(private readonly secrets: Record<string, string>) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const target = String(req.headers["x-amz-target"] ?? "");
        const id = (JSON.parse(body || "{}") as { SecretId?: string }).SecretId ?? "";
        this.requests.push(`${target} ${id}`);
        const value = this.secrets[id];
        res.setHeader("content-type", "application/x-amz-json-1.1");
        if (target !== "secretsmanager.GetSecretValue" || value === undefined) {
          res.statusCode = 400;
          res.end(
            JSON.stringify({ __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }),
          );
          return;
        }
        res.end(
          JSON.stringify({
            ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${id}-AbCdEf`,
            Name: id,
            SecretString: value,
            VersionId: "00000000-0000-0000-0000-000000000001",
            VersionStages: ["AWSCURRENT"],
            CreatedDate: 1_795_000_000,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    const address = this.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
