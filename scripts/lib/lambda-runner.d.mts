import type { Context } from "aws-lambda";

export function fakeContext(remainingMs?: number, awsRequestId?: string): Context;
