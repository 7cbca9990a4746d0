import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type NodeState, stateKey } from "../../core/lifecycle.js";

/** Where node alert states live between runs. */
export interface StateStore {
  loadAll(): Promise<Map<string, NodeState>>;
  /** Writes `next` only over `expectedVersion` (0: no state yet). false: another invocation wrote first. */
  save(next: NodeState, expectedVersion: number): Promise<boolean>;
  /** Claims the daily summary for `day`; false when an overlapping invocation already sent it. */
  claimSummary(day: string): Promise<boolean>;
}

const TTL_DAYS = 30;

/**
 * DynamoDB table with one item per node (`pk` = node#endpoint#address) and one per daily summary. Items
 * expire (`expiresAt`, TTL) 30 days after their last write, so nodes removed from the fleet fade away.
 */
export class DynamoStateStore implements StateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async loadAll(): Promise<Map<string, NodeState>> {
    const states = new Map<string, NodeState>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          ExclusiveStartKey: start,
          FilterExpression: "begins_with(pk, :node)",
          ExpressionAttributeValues: { ":node": "node#" },
        }),
      );
      for (const item of out.Items ?? []) {
        const { pk, expiresAt: _ttl, ...state } = item as NodeState & { pk: string; expiresAt?: number };
        states.set(pk, state);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return states;
  }

  async save(next: NodeState, expectedVersion: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: stateKey(next.endpoint, next.address), ...next, expiresAt: this.expiry() },
          ConditionExpression: expectedVersion === 0 ? "attribute_not_exists(pk)" : "#v = :v",
          ...(expectedVersion === 0
            ? {}
            : { ExpressionAttributeNames: { "#v": "version" }, ExpressionAttributeValues: { ":v": expectedVersion } }),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === "ConditionalCheckFailedException")
        return false;
      throw err;
    }
  }

  async claimSummary(day: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `summary#${day}`, sentAt: this.now().toISOString(), expiresAt: this.expiry() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + TTL_DAYS * 86_400;
  }
}
