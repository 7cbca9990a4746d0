/**
 * Every AWS call is bounded twice: per attempt by these timeouts (the SDK has none by default, and without
 * `throwOnRequestTimeout` its request timeout only logs a warning), and as a whole by the abort signal the
 * run's budget gives each call. The SDK retries throttles, 5xx and timeouts within those bounds.
 */
export const AWS_CLIENT_SETTINGS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;
