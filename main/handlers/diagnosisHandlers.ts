import { classify } from '../../common/diagnosis';
import { evaluatePreflight } from '../../common/preflight';
import type { Handlers } from '../api/handlers';

type DiagnosisHandlers = Pick<Handlers, 'diagnosis.classify' | 'preflight.evaluate'>;

/**
 * The classifier and preflight evaluation behind the contract. Both are pure; gathering facts
 * from real nodes (SSH) happens in the engine, which then calls these same functions.
 */
export function createDiagnosisHandlers(): DiagnosisHandlers {
  return {
    'diagnosis.classify': async ({ text }) => classify(text),
    'preflight.evaluate': async (input) => evaluatePreflight(input),
  };
}
