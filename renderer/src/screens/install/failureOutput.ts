import { classify } from '../../../../common/diagnosis';

export interface OutputLine {
  text: string;
  /** A line a failure signature matched, or the diagnosis's own evidence: shown highlighted. */
  matched: boolean;
}

/**
 * A failed step's raw output, line by line, with the lines that explain it marked: the
 * diagnosis's evidence line and every signature's evidence in the output itself (the same pure
 * classifier the engine uses), so the user sees which lines the root cause was read from.
 */
export function markOutput(text: string, evidence: readonly string[] = []): OutputLine[] {
  const wanted = new Set(
    [...evidence, ...classify(text).diagnoses.map((d) => d.evidence.text)]
      .map((t) => t.trim())
      .filter(Boolean),
  );
  return text.split('\n').map((line) => ({ text: line, matched: wanted.has(line.trim()) }));
}
