import { describe, expect, it } from "vitest";
import { scheduleExpressionProblems } from "../../infra/scheduleExpression.js";

describe("scheduleExpressionProblems (EventBridge Scheduler's syntax)", () => {
  it.each([
    "cron(0 8 * * ? *)",
    "cron(30 6 ? * MON-FRI *)",
    "cron(0/15 * * * ? *)",
    "cron(0 12 L * ? *)",
    "cron(0 12 15W * ? 2027)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 9 ? JAN,JUL 6L *)",
    "cron(5,35 14 1-15 * ? *)",
    "rate(1 day)",
    "rate(5 minutes)",
  ])("accepts %s", (expression) => {
    expect(scheduleExpressionProblems(expression)).toEqual([]);
  });

  it.each([
    ["cron(0 8 * * *)", /has 5 fields; Scheduler wants six/],
    ["cron(0 8 * * MON *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(0 8 ? * ? *)", /exactly one of/],
    ["cron(60 8 * * ? *)", /minutes "60"/],
    ["cron(0 8 32 * ? *)", /day-of-month "32"/],
    ["cron(0 8 * 13 ? *)", /month "13"/],
    ["cron(0 8 ? * 8 *)", /day-of-week "8"/],
    ["cron(0 8 ? * MON#6 *)", /day-of-week "MON#6"/],
    ["cron(0 8 * * ? 1969)", /year "1969"/],
    ["cron(0 ? * * ? *)", /hours cannot be \?/],
    ["rate(0 minutes)", /at least 1/],
    ["rate(1 hours)", /rate\(1 hour\)/],
    ["rate(2 day)", /rate\(2 days\)/],
    ["rate(5 weeks)", /minute\(s\), hour\(s\) or day\(s\)/],
    ["at(2027-01-01T00:00:00)", /runs once/],
    ["0 8 * * *", /a Scheduler expression/],
  ])("rejects %s", (expression, problem) => {
    expect(scheduleExpressionProblems(expression).join("\n")).toMatch(problem);
  });
});
