// The failure table's first half (tests/integration/failure/failingScenarios.ts), in CI's first
// integration lane: each scenario fails the install where its description says, names its real
// cause, and is fixed and retried as a user would. Lab instance 19 (tests/lab/README.md),
// FAILURE_LAB_INSTANCE overrides it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../install/helpers';
import {
  DESCRIPTIONS,
  describeFailingScenarios,
  FIRST_HALF,
  NO_INSTALL_FAILURE,
} from './failingScenarios';

describe('each failing lab scenario names its cause', () => {
  it('describes the scenarios that install as installing', () => {
    for (const name of NO_INSTALL_FAILURE) {
      expect(DESCRIPTIONS.get(name), name).toMatch(/installs|install succeeds/);
      expect(DESCRIPTIONS.get(name), name).not.toMatch(/times out|fails at init/);
    }
  });

  describeFailingScenarios(FIRST_HALF, {
    instance: process.env.FAILURE_LAB_INSTANCE ?? '19',
    out: process.env.KUBELAB_IT_OUT ?? join(REPO, 'node_modules', '.cache', 'kubelab-failure-it'),
  });
});
