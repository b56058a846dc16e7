import type { DiagnosisCategory, LocalizedText } from '../model/diagnosis';
import type { FixId } from './fixes';

/**
 * One known failure, as data. Patterns are tried per line; the first pattern is the strongest
 * evidence, so when several lines match, the line matched by the earliest pattern is shown.
 * Named capture groups become fix parameters (e.g. `(?<port>\d+)` fills `${port}`).
 */
export interface Signature {
  id: string;
  category: DiagnosisCategory;
  kind: 'cause' | 'symptom';
  /**
   * How specific the signature is, 1–100. A line that names the cause (cgroup driver mismatch)
   * scores high; a generic symptom (ImagePullBackOff, a timeout) scores low so the cause wins.
   */
  weight: number;
  patterns: readonly RegExp[];
  title: LocalizedText;
  explanation: LocalizedText;
  fix: {
    text: LocalizedText;
    id?: FixId;
    /** Fixed parameters for the fix; captures from the evidence override them. */
    params?: Readonly<Record<string, string>>;
  };
  /** Public issues where this failure is reported (owner/repo#n), from failure-modes.md. */
  references: readonly string[];
}

/** Builds a LocalizedText; keeps the signature tables short. */
export function t(en: string, zh: string): LocalizedText {
  return { en, zh };
}
