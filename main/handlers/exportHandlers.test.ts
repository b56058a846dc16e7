import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportAnsibleSchema } from '../../common/contracts/export';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { ProjectStore } from '../store/projectStore';
import { createExportHandlers } from './exportHandlers';

describe('export.ansible', () => {
  it('refuses a relative output directory at the contract', () => {
    const r = ExportAnsibleSchema.safeParse({ outDir: 'out' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['outDir']);
  });

  it('writes the open project’s export, as the CLI does', async () => {
    const project = { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() } as Project;
    const store = { get: () => project } as unknown as ProjectStore;
    const dir = join(mkdtempSync(join(tmpdir(), 'kubelab-export-h-')), 'out');
    const out = await createExportHandlers(store)['export.ansible'](
      { outDir: dir, force: false },
      { face: 'web' },
    );
    expect(out.dir).toBe(dir);
    expect(out.files).toContain('playbook.yml');
    expect(readdirSync(dir).sort()).toEqual([
      'ansible.cfg',
      'inventory',
      'playbook.yml',
      'scripts',
    ]);
  });
});
