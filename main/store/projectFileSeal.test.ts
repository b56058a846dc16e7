// A project file cut short inside its run state (issue 14, defect 11) must never be read as a
// shorter (finished-looking) run: the seal line at the end of every file kubelab writes checks it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Project } from '../../common/model/project';
import type { TaskState } from '../../common/model/runState';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { loadProject, parseProject, ProjectFileError, serializeProject } from './projectFile';

/** A run in the middle of an install: 3 nodes × 4 steps, some done, one failed, some pending. */
function midRun(): Project {
  const steps = ['prepare-os', 'install-runtime', 'install-kubeadm', 'kubeadm-init'];
  const tasks: TaskState[] = [];
  for (const node of ['master1', 'node1', 'node2']) {
    steps.forEach((stepId, i) => {
      const status = i < 2 ? 'done' : i === 2 && node === 'node2' ? 'failed' : 'pending';
      tasks.push({
        stepId,
        nodeId: node,
        status,
        attempts: status === 'pending' ? 0 : 1,
        ...(status !== 'pending' ? { startedAt: '2026-12-06T19:00:00.000Z' } : {}),
        ...(status === 'done' ? { finishedAt: '2026-12-06T19:01:00.000Z' } : {}),
        ...(status === 'failed'
          ? { error: { code: 'step_failed', message: 'apt-get: could not get lock' } }
          : {}),
      });
    });
  }
  return {
    schemaVersion: 1,
    nodes: guideNodes(),
    plan: guidePlan(),
    runState: { runId: 'r-torn', startedAt: '2026-12-06T19:00:00.000Z', tasks },
  };
}

const refusedFor = (text: string): ProjectFileError => {
  try {
    parseProject(text);
  } catch (err) {
    if (err instanceof ProjectFileError) return err;
    throw err;
  }
  throw new Error('accepted');
};

describe('the seal over the run state', () => {
  it('a file cut at any offset is refused or read whole, never as a shorter run', () => {
    const project = midRun();
    const text = serializeProject(project);
    const start = text.indexOf('\nrunState:') + 1;
    expect(start).toBeGreaterThan(0);
    const whole = parseProject(text);
    expect(whole).toEqual(project);
    const cuts: number[] = [];
    for (let cut = 0; cut < start; cut += 13) cuts.push(cut);
    for (let cut = start; cut < text.length; cut++) cuts.push(cut);
    let refusedInside = 0;
    for (const cut of cuts) {
      const torn = text.slice(0, cut);
      let read: Project | undefined;
      try {
        read = parseProject(torn);
      } catch (err) {
        expect(err).toBeInstanceOf(ProjectFileError);
        if (cut >= start) {
          refusedInside++;
          // Cut before the key is whole, nothing says a run was recorded: still cut short.
          const field = torn.includes('\nrunState:') ? 'runState' : '';
          expect((err as ProjectFileError).issues[0]).toMatchObject({ field });
          expect((err as Error).message).toMatch(/cut short/);
        }
        continue;
      }
      // Only the final newline may go: the seal line itself is still whole.
      expect(cut, `accepted a file cut at ${cut} of ${text.length}`).toBe(text.length - 1);
      expect(read).toEqual(project);
    }
    expect(refusedInside).toBe(text.length - 1 - start);
  });

  it('says where the recorded run starts and how to recover', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-seal-'));
    try {
      const text = serializeProject(midRun());
      const file = join(dir, 'kubelab.yaml');
      // Cut right after a whole task: valid YAML, the kind of tear that used to pass.
      const task = /^ *- stepId: install-kubeadm\n *nodeId: node1$/m.exec(text);
      expect(task).not.toBeNull();
      const cut = task?.index ?? 0;
      await writeFile(file, text.slice(0, cut));
      const err = await loadProject(file).then(
        () => undefined,
        (e: unknown) => e as ProjectFileError,
      );
      const runLine = text.slice(0, text.indexOf('\nrunState:') + 1).split('\n').length;
      expect(err?.code).toBe('invalid_project_file');
      expect(err?.message).toContain(
        `it was cut short (an interrupted copy, a full disk), inside the recorded run that starts on line ${runLine}`,
      );
      expect(err?.message).toContain('delete the runState section and this last line');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a run state edited by hand, and a run state added under a "no runState" seal', () => {
    const text = serializeProject(midRun());
    expect(refusedFor(text.replace('status: failed', 'status: done')).message).toMatch(
      /does not match its seal/,
    );
    const none = serializeProject({ ...midRun(), runState: undefined });
    expect(none.trimEnd().split('\n').pop()).toBe('# kubelab: end of project (no runState)');
    const smuggled = none + stringify({ runState: midRun().runState });
    // The seal is no longer the last line: cut short as far as the file can tell.
    expect(refusedFor(smuggled).message).toMatch(/seal line/);
    const lines = none.trimEnd().split('\n');
    const seal = lines.pop() ?? '';
    const added = `${lines.join('\n')}\n${stringify({ runState: midRun().runState })}${seal}\n`;
    expect(refusedFor(added).message).toMatch(/says there is no recorded run/);
  });

  it('reads files without the mark (older kubelab, written by hand) as before', () => {
    const project = midRun();
    const legacy = `# a hand-written project\n${stringify(project)}`;
    expect(parseProject(legacy)).toEqual(project);
    // Editing the plan of a sealed file by hand is fine: the seal covers the run state only.
    const text = serializeProject(project);
    expect(
      parseProject(text.replace('clusterName: kubernetes', 'clusterName: lab')).plan,
    ).toMatchObject({ clusterName: 'lab' });
  });
});

describe('a run state re-written by a YAML tool', () => {
  it('is the same run: re-folded long lines and another quoting style pass the seal', async () => {
    const { parseDocument } = await import('yaml');
    const project = midRun();
    const failed = project.runState?.tasks.find((t) => t.status === 'failed');
    if (failed) {
      failed.error = {
        code: 'step_failed',
        message: `${'kubeadm join: couldn’t validate the identity of the API server '.repeat(3)}(a long line yaml folds)`,
      };
    }
    const text = serializeProject(project);
    // What a user's script does to change one plan field: yaml's Document round trip, which folds
    // lines at 80 columns and may quote differently.
    const doc = parseDocument(text);
    doc.setIn(['plan', 'clusterName'], 'renamed');
    const edited = doc.toString();
    expect(edited).not.toBe(text);
    const back = parseProject(edited);
    expect(back.plan.clusterName).toBe('renamed');
    expect(back.runState).toEqual(project.runState);
  });
});
