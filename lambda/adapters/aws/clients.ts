import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AWS_CLIENT_SETTINGS } from "./clientSettings.js";

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
