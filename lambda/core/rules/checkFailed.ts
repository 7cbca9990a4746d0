import { type CheckError, ERROR_SUMMARY, errorNextStep } from "../vocabulary/errors.js";
import type { Finding } from "../vocabulary/types.js";

/** The node (or the whole endpoint, `where` its name) could not be checked: the cause, and what to do. */
export function checkFailed(where: string, error: CheckError): Finding {
  return {
    code: "CHECK_FAILED",
    severity: "UNKNOWN",
    measured: error.code,
    meaning: `Could not check ${where}: ${error.message}`,
    nextStep: errorNextStep(error.code),
    summary: ERROR_SUMMARY[error.code],
  };
}
