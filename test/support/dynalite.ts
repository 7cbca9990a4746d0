import type { Server } from "node:http";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";

/** A real DynamoDB API on loopback (dynalite), with the alert-state table the stack creates. */
export class DynaliteBench {
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(table = "alert-state"): Promise<DynaliteBench> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const bench = new DynaliteBench(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`);
    await bench.createTable(table);
    await bench
      .client()
      .send(
        new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true } }),
      )
      .catch(() => undefined);
    return bench;
  }

  /** A table shaped as the stack's alert-state table (a fresh one per test keeps tests apart). */
  async createTable(name: string): Promise<void> {
    await this.client().send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }

  client(): DynamoDBClient {
    return new DynamoDBClient({
      endpoint: this.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    });
  }

  doc(): DynamoDBDocumentClient {
    return DynamoDBDocumentClient.from(this.client(), { marshallOptions: { removeUndefinedValues: true } });
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}
