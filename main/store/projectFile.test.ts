import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import {
  loadProject,
  migrateProject,
  parseProject,
  ProjectFileError,
  saveProject,
  serializeProject,
} from './projectFile';
import { FileProjectStore, projectRunStateStore } from './projectStore';

function guideProject(): Project {
  const nodes = guideNodes();
  const [master] = nodes;
  if (master) {
    master.hostKey = {
      algorithm: 'ssh-ed25519',
      fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
    };
  }
  return {
    schemaVersion: 1,
    name: 'guide lab',
    nodes,
    plan: guidePlan(),
    runState: {
      runId: 'r1',
      startedAt: '2026-01-01T00:00:00.000Z',
      tasks: [
        {
          stepId: 'prepare-os',
          nodeId: 'master1',
          status: 'done',
          attempts: 1,
          startedAt: '2026-01-01T00:00:01.000Z',
          finishedAt: '2026-01-01T00:00:05.000Z',
        },
        {
          stepId: 'kubeadm-init',
          nodeId: 'master1',
          status: 'failed',
          attempts: 2,
          error: { code: 'step_failed', message: 'kubeadm init exited 1', nodeId: 'master1' },
        },
      ],
    },
  };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubelab-project-'));
}

function issuesOf(text: string): { line: number; field: string; message: string }[] {
  try {
    parseProject(text);
  } catch (err) {
    if (err instanceof ProjectFileError) return err.issues;
    throw err;
  }
  throw new Error('expected the project to be refused');
}

describe('project file', () => {
  it('round-trips nodes, host keys, plan and run state', async () => {
    const dir = await tempDir();
    const path = join(dir, 'kubelab.yaml');
    await saveProject(path, guideProject());
    expect(await loadProject(path)).toEqual(guideProject());
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^# kubelab project/);
    expect(text).toContain('podCidr: 10.10.0.0/16');
    expect(text).not.toMatch(/password:/);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['kubelab.yaml']);
  });

  it('locates schema errors on the line of the offending key', () => {
    const lines = serializeProject(guideProject()).split('\n');
    const podLine = lines.findIndex((l) => l.includes('podCidr:'));
    lines[podLine] = lines[podLine]?.replace('10.10.0.0/16', '42') ?? '';
    const roleLine = lines.findIndex((l) => l.includes('role: worker'));
    lines[roleLine] = lines[roleLine]?.replace('worker', 'boss') ?? '';
    const bind = lines.findIndex((l) => l.includes('bindPort:'));
    lines.splice(bind + 1, 0, '  extraThing: true');
    const issues = issuesOf(lines.join('\n'));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: roleLine + 1, field: 'nodes.1.role' }),
        expect.objectContaining({ line: bind + 2, field: 'plan.extraThing' }),
      ]),
    );
    // podCidr: 42 is a number where text is expected (one line lower: extraThing came before it).
    const podNow = podLine > bind ? podLine + 2 : podLine + 1;
    expect(issues).toContainEqual(expect.objectContaining({ line: podNow, field: 'plan.podCidr' }));
  });

  it('reports YAML syntax errors by line without quoting the file', () => {
    const issues = issuesOf('schemaVersion: 1\nnodes: []\nplan:\n  a: [1, 2\n  b: secret-value\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(issues)).not.toContain('secret-value');
  });

  it('names a missing field at the enclosing object and refuses newer schema versions', () => {
    expect(issuesOf('schemaVersion: 1\nnodes: []\n')).toEqual([
      expect.objectContaining({ line: 1, field: 'plan' }),
    ]);
    expect(issuesOf('nodes: []\nschemaVersion: 7\n')).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'schemaVersion',
        message: expect.stringContaining('newer kubelab'),
      }),
    ]);
  });

  it('leaves the file and the open project untouched when a file is malformed', async () => {
    const dir = await tempDir();
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    await saveProject(good, guideProject());
    await writeFile(bad, 'schemaVersion: 1\nnodes: {\n');
    const store = new FileProjectStore();
    await store.open(good);
    await expect(store.open(bad)).rejects.toThrow(/bad\.yaml:\d+:\d+: /);
    expect(store.path()).toBe(good);
    expect(store.get()).toEqual(guideProject());
    expect(await readFile(bad, 'utf8')).toBe('schemaVersion: 1\nnodes: {\n');
  });

  it('runs migrations from older schema versions', () => {
    const migrated = migrateProject(
      { schemaVersion: 0, machines: [] },
      {
        0: ({ machines, ...rest }) => ({ ...rest, nodes: machines, schemaVersion: 1 }),
      },
    );
    expect(migrated).toEqual({ schemaVersion: 1, nodes: [] });
  });

  it('persists run state through the engine adapter', async () => {
    const dir = await tempDir();
    const path = join(dir, 'kubelab.yaml');
    const store = new FileProjectStore({ ...guideProject(), runState: undefined });
    await expect(store.save()).rejects.toThrow(/no file yet/);
    await store.save(path);
    const runs = projectRunStateStore(store);
    const state = guideProject().runState;
    if (!state) throw new Error('fixture has a run state');
    await runs.save(state);
    expect((await loadProject(path)).runState).toEqual(state);
    expect(await runs.load()).toEqual(state);
  });
});
