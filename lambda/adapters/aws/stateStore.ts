import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { StateStore } from "../../checker/ports.js";
import { type NodeState, stateKey } from "../../core/alerting/lifecycle.js";
import { within } from "./abort.js";

const TTL_DAYS = 30;

const isConditionFailure = (err: unknown) => (err as { name?: string })?.name === "ConditionalCheckFailedException";

/**
 * DynamoDB table with one item per node (`pk` = node#endpoint#address) and one per daily summary. Every
 * write is conditional (a version, or the claim's id), so overlapping invocations never both announce the
 * same thing. Items also expire (`expiresAt`, TTL) 30 days after their last write.
 */
export class DynamoStateStore implements StateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async loadAll(signal: AbortSignal): Promise<Map<string, NodeState>> {
    const states = new Map<string, NodeState>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await within(signal, (abortSignal) =>
        this.doc.send(
          new ScanCommand({
            TableName: this.table,
            ExclusiveStartKey: start,
            FilterExpression: "begins_with(pk, :node)",
            ExpressionAttributeValues: { ":node": "node#" },
          }),
          { abortSignal },
        ),
      );
      for (const item of out.Items ?? []) {
        const { pk, expiresAt: _ttl, ...state } = item as NodeState & { pk: string; expiresAt?: number };
        states.set(pk, state);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return states;
  }

  async save(next: NodeState, expectedVersion: number, signal: AbortSignal): Promise<boolean> {
    return this.conditional(signal, (abortSignal) =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: stateKey(next.endpoint, next.address), ...next, expiresAt: this.expiry() },
          ...versionCondition(expectedVersion),
        }),
        { abortSignal },
      ),
    );
  }

  async remove(state: NodeState, expectedVersion: number, signal: AbortSignal): Promise<boolean> {
    return this.conditional(signal, (abortSignal) =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: stateKey(state.endpoint, state.address) },
          ...versionCondition(expectedVersion),
        }),
        { abortSignal },
      ),
    );
  }

  async claimSummary(day: string, claimId: string, signal: AbortSignal): Promise<boolean> {
    return this.conditional(signal, (abortSignal) =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `summary#${day}`, claimId, sentAt: this.now().toISOString(), expiresAt: this.expiry() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
        { abortSignal },
      ),
    );
  }

  async releaseSummary(day: string, claimId: string, signal: AbortSignal): Promise<void> {
    await this.conditional(signal, (abortSignal) =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `summary#${day}` },
          // Only our own claim: an overlapping invocation's successful summary stays.
          ConditionExpression: "claimId = :mine",
          ExpressionAttributeValues: { ":mine": claimId },
        }),
        { abortSignal },
      ),
    );
  }

  /** true when the write landed, false when its condition failed; anything else (timeouts) throws. */
  private async conditional(signal: AbortSignal, write: (abortSignal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    try {
      await within(signal, write);
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + TTL_DAYS * 86_400;
  }
}

/** 0: the item must not exist yet; otherwise it must still be at that version. */
function versionCondition(expectedVersion: number) {
  return expectedVersion === 0
    ? { ConditionExpression: "attribute_not_exists(pk)" }
    : {
        ConditionExpression: "#v = :v",
        ExpressionAttributeNames: { "#v": "version" },
        ExpressionAttributeValues: { ":v": expectedVersion },
      };
}
