import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * AWS clients, built once per execution environment and reused across warm invocations. The SDK retries
 * throttles and 5xx (3 attempts); after that, errors surface to the handler. Endpoints follow the standard
 * AWS_ENDPOINT_URL_* variables, which is how the end-to-end test points them at loopback.
 */
export const sns = new SNSClient({ maxAttempts: 3 });
export const secretsManager = new SecretsManagerClient({ maxAttempts: 3 });
export const secretsProvider = new SecretsProvider({ awsSdkV3Client: secretsManager });

// Alert state (DynamoDB); undefined attributes are dropped rather than rejected.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
  marshallOptions: { removeUndefinedValues: true },
});
