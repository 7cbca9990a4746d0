import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Every AWS call is bounded twice: per attempt by these timeouts (the SDK has none by default, and without
 * `throwOnRequestTimeout` its request timeout only logs a warning), and as a whole by the abort signal the
 * run's budget gives each call. The SDK retries throttles, 5xx and timeouts within those bounds.
 */
export const AWS_CLIENT_SETTINGS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;

/**
 * AWS clients, built once per execution environment and reused across warm invocations. Endpoints follow
 * the standard AWS_ENDPOINT_URL_* variables, which is how the end-to-end tests point them at loopback.
 */
export const sns = new SNSClient({ ...AWS_CLIENT_SETTINGS });
export const secretsManager = new SecretsManagerClient({ ...AWS_CLIENT_SETTINGS });

// Alert state (DynamoDB); undefined attributes are dropped rather than rejected.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...AWS_CLIENT_SETTINGS }), {
  marshallOptions: { removeUndefinedValues: true },
});
