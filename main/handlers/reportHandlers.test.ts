import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requests } from '../../common/contract';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { MemorySecretStore, nodeSecretKey } from '../store/secrets';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { saveVerification } from '../store/verificationRecord';
import { createReportHandlers } from './reportHandlers';

const ctx = { face: 'web' as const };

describe('report handlers', () => {
  it('preview returns the model and its HTML, scrubbing the nodes’ stored passwords', async () => {
    const input = guideReportInput('en');
    const project = structuredClone(input.project);
    const first = project.nodes[0];
    if (first) first.labels = { note: 'root login is S3cret-lab-pw' };
    const secrets = new MemorySecretStore();
    await secrets.set(nodeSecretKey('master1', 'password'), 'S3cret-lab-pw');
    const h = createReportHandlers(new FileProjectStore(project), { secrets });
    const { report, html } = await h['report.preview']({ lang: 'zh-CN' }, ctx);
    expect(report.lang).toBe('zh-CN');
    expect(report.nodes).toHaveLength(4);
    expect(html).toContain('集群报告');
    expect(html).not.toContain('S3cret-lab-pw');
  });

  it('export writes the file it was asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-report-h-'));
    try {
      const h = createReportHandlers(new FileProjectStore(guideReportInput('en').project));
      const path = join(dir, 'r.json');
      const out = await h['report.export']({ format: 'json', path, lang: 'en', paper: 'A4' }, ctx);
      expect(out.path).toBe(path);
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the contract refuses relative paths and a path that does not match the format', () => {
    const schema = requests['report.export'].payload;
    expect(schema.safeParse({ format: 'pdf', path: '/tmp/r.pdf' }).success).toBe(true);
    expect(schema.safeParse({ format: 'pdf', path: 'r.pdf' }).success).toBe(false);
    expect(schema.safeParse({ format: 'html', path: '/home/u/.bashrc' }).success).toBe(false);
    expect(schema.safeParse({ format: 'md', path: '/tmp/r.md', extra: 1 }).success).toBe(false);
  });

  it('reveals only a report it exported, and only where the face can open folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-report-h-'));
    try {
      const project = guideReportInput('en').project;
      const revealed: string[] = [];
      const desktop = createReportHandlers(new FileProjectStore(project), {
        reveal: async (p) => void revealed.push(p),
      });
      const path = join(dir, 'r.md');
      await expect(desktop['report.reveal']({ path }, ctx)).rejects.toMatchObject({
        code: 'not_exported',
        field: 'path',
      });
      await desktop['report.export']({ format: 'md', path, lang: 'en', paper: 'A4' }, ctx);
      await expect(desktop['report.reveal']({ path }, ctx)).resolves.toEqual({ revealed: true });
      expect(revealed).toEqual([path]);
      const web = createReportHandlers(new FileProjectStore(project));
      await web['report.export']({ format: 'md', path, lang: 'en', paper: 'A4' }, ctx);
      await expect(web['report.reveal']({ path }, ctx)).rejects.toMatchObject({
        code: 'not_available',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reveals a written report by its absolute path, and no longer once it is replaced by a link', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-report-h-'));
    try {
      const project = guideReportInput('en').project;
      const revealed: string[] = [];
      const desktop = createReportHandlers(new FileProjectStore(project), {
        reveal: async (p) => void revealed.push(p),
      });
      const path = join(dir, 'r.md');
      await desktop['report.export']({ format: 'md', path, lang: 'en', paper: 'A4' }, ctx);
      const roundabout = join(dir, 'x', '..', 'r.md');
      await expect(desktop['report.reveal']({ path: roundabout }, ctx)).resolves.toEqual({
        revealed: true,
      });
      expect(revealed).toEqual([path]);
      await rm(path);
      await symlink('/etc/passwd', path);
      await expect(desktop['report.reveal']({ path }, ctx)).rejects.toMatchObject({
        code: 'not_exported',
        field: 'path',
      });
      expect(revealed).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the report’s verification', () => {
  it('leaves out a verification taken before the recorded run started (a reinstall since)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-report-v-'));
    try {
      const input = guideReportInput('en');
      const verification = input.verification;
      if (!verification) throw new Error('the guide fixture has a verification');
      const file = join(dir, 'kubelab.yaml');
      await saveProject(file, input.project);
      const store = new FileProjectStore();
      await store.open(file);
      const started = Date.parse(input.project.runState?.startedAt ?? '');
      const at = (ms: number): string => new Date(started + ms).toISOString();
      const h = createReportHandlers(store);
      const healthy = async (): Promise<boolean | null> =>
        (await h['report.preview']({ lang: 'en' }, ctx)).report.summary.healthy;

      await saveVerification(file, { ...verification, checkedAt: at(-60_000) });
      expect(await healthy()).toBeNull();
      await saveVerification(file, { ...verification, checkedAt: at(60_000) });
      expect(await healthy()).toBe(false); // the fixture's verification has a broken ping pair
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
