// Types of ./k8s.mjs for the unit tests that hold the lab kubectl's output against kubectl's.
export function table(rows: string[][]): string;
