import type { OperationId } from '../../../common/catalog/operations';
import type { RunServiceDeps } from '../runService';
import type { ParamsSchema, RunnableOperation } from '../runnable';
import type { Step } from '../step';
import { exampleSteps } from './exampleSteps';

/** Any parameters, as given (the example operations take none that matter). */
export const anyParams: ParamsSchema = { safeParse: (raw) => ({ success: true, data: raw }) };

/** An operation over the example steps (or `steps`), recorded as the cluster's record. */
export function exampleOperation(
  id: OperationId,
  steps: readonly Step[] = exampleSteps,
  extra: Partial<RunnableOperation> = {},
): RunnableOperation {
  return { id, params: anyParams, steps: () => steps, record: 'cluster', ...extra };
}

/** The install and add-node over the example steps, as the run service's registry. */
export function exampleOperations(
  steps: readonly Step[] = exampleSteps,
): RunServiceDeps['operations'] {
  return {
    install: exampleOperation('install', steps),
    'add-node': exampleOperation('add-node', steps),
  };
}
