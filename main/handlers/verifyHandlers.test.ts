import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { saveVerification } from '../store/verificationRecord';
import { createVerifyHandlers } from './verifyHandlers';

const ctx = { face: 'web' as const };
const noMachines = {
  remote: (): never => {
    throw new Error('verify.last must not reach a machine');
  },
};

describe('verify.last', () => {
  it('returns the kept verification, or null before one or when a later run invalidated it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-verify-last-'));
    try {
      const input = guideReportInput('en');
      const verification = input.verification;
      if (!verification) throw new Error('the guide fixture has a verification');
      const file = join(dir, 'kubelab.yaml');
      await saveProject(file, input.project);
      const store = new FileProjectStore();
      await store.open(file);
      const h = createVerifyHandlers(store, noMachines);
      const last = async (): Promise<string | undefined> =>
        (await h['verify.last']({}, ctx)).verification?.checkedAt;
      const started = Date.parse(input.project.runState?.startedAt ?? '');
      const at = (ms: number): string => new Date(started + ms).toISOString();

      expect(await last()).toBeUndefined();
      await saveVerification(file, { ...verification, checkedAt: at(60_000) });
      expect(await last()).toBe(at(60_000));
      await saveVerification(file, { ...verification, checkedAt: at(-60_000) });
      expect(await last()).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
