// The failure table's second half (tests/integration/failure/failingScenarios.ts), in CI's second
// integration lane so the two lanes share the table's time. Lab instance 18 (tests/lab/README.md),
// FAILURE2_LAB_INSTANCE overrides it.
import { join } from 'node:path';
import { describe } from 'vitest';
import { REPO } from '../install/helpers';
import { describeFailingScenarios, SECOND_HALF } from '../failure/failingScenarios';

describe('each failing lab scenario names its cause (second half)', () => {
  describeFailingScenarios(SECOND_HALF, {
    instance: process.env.FAILURE2_LAB_INSTANCE ?? '18',
    out: process.env.KUBELAB_IT_OUT ?? join(REPO, 'node_modules', '.cache', 'kubelab-failure2-it'),
  });
});
