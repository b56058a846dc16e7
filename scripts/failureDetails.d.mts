// Types for failureDetails.mjs, so TypeScript tests can import it.
export function vitestReportFailures(jsonPath: string): string[];
export function vitestLogErrorSections(logPath: string): string[];
