/** The project's one fake Lambda context lives beside the bundle runner, for tests, scripts and the benchmark. */
export { fakeContext } from "../../scripts/lib/lambda-runner.mjs";

/** What EventBridge sends for a scheduled rule; the Scheduler sends the configured input instead. */
export const SCHEDULED_EVENT = {
  version: "0",
  id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  time: "2026-11-24T10:00:00Z",
  region: "eu-west-1",
  resources: ["arn:aws:events:eu-west-1:123456789012:rule/redis-memory-check"],
  detail: {},
};
