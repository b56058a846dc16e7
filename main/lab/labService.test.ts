import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import type { LabCommandResult, LabRunner } from './labProcess';
import { ownerFile, readOwner, writeOwner } from './labOwner';
import { LabService, defaultLabDir } from './labService';

/** A fake lab.sh: remembers calls and keeps an up/down state like the real one. */
function fakeLab(initial?: string): {
  run: LabRunner;
  calls: string[];
  scenario(): string | undefined;
} {
  let scenario = initial;
  const calls: string[] = [];
  const ok = (stdout = ''): LabCommandResult => ({ code: 0, stdout, stderr: '' });
  const run: LabRunner = async (args, onLine) => {
    calls.push(args.join(' '));
    switch (args[0]) {
      case 'up':
        scenario = args[1];
        onLine?.(`lab: lab up: scenario '${args[1]}', 1 nodes in 1s`);
        return ok();
      case 'down':
        scenario = undefined;
        return ok();
      case 'project':
        return ok(`schemaVersion: 1\nname: "lab-${scenario}"\nnodes: []\n`);
      case 'status':
        return ok(
          JSON.stringify(
            scenario
              ? {
                  up: true,
                  scenario,
                  nodes: [{ name: 'master1', address: '172.31.250.11', role: 'master' }],
                }
              : { up: false, nodes: [] },
          ),
        );
      default:
        return { code: 1, stdout: '', stderr: `lab: unknown ${args[0]}` };
    }
  };
  return { run, calls, scenario: () => scenario };
}

function labDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-labdir-'));
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'guide.yaml'), 'name: guide\ndescription: the guide\n');
  writeFileSync(join(dir, 'scenarios', 'swap-on.yaml'), '# Swap is on.\nname: swap-on\n');
  return dir;
}

function service(
  lab: ReturnType<typeof fakeLab>,
  over: Partial<ConstructorParameters<typeof LabService>[0]> = {},
): { svc: LabService; ownerDir: string; lines: string[] } {
  const ownerDir = mkdtempSync(join(tmpdir(), 'kubelab-owner-'));
  const lines: string[] = [];
  const svc = new LabService({
    labDir: labDir(),
    projectDir: mkdtempSync(join(tmpdir(), 'kubelab-labproject-')),
    ownerDir,
    env: {},
    platform: 'linux',
    uid: 0,
    run: lab.run,
    missingPackages: () => [],
    onProgress: (l) => lines.push(l),
    ...over,
  });
  return { svc, ownerDir, lines };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('practice lab service', () => {
  it('explains that the lab needs Linux and root, and touches nothing', async () => {
    const lab = fakeLab();
    const { svc } = service(lab, { uid: 1000 });
    expect(svc.scenarios().available).toBe(false);
    expect(svc.unavailableReason()).toMatch(/needs Linux and root/);
    expect((await svc.status()).available).toBe(false);
    expect((await refusal(svc.up('guide'))).code).toBe('lab_unavailable');
    expect(service(lab, { platform: 'darwin' }).svc.unavailableReason()).toMatch(/darwin/);
    expect(lab.calls).toEqual([]);
  });

  it('names the packages to install when tools are missing', () => {
    const { svc } = service(fakeLab(), { missingPackages: () => ['iproute2', 'openssh-server'] });
    expect(svc.unavailableReason()).toBe(
      'The practice lab needs: apt-get install -y iproute2 openssh-server',
    );
  });

  it('lists scenarios guide first, each with a one-line description', () => {
    const { svc } = service(fakeLab());
    expect(svc.scenarios()).toEqual({
      available: true,
      scenarios: [
        { name: 'guide', description: 'the guide' },
        { name: 'swap-on', description: 'Swap is on.' },
      ],
    });
  });

  it('brings a scenario up, writes its project, and takes down only what it brought up', async () => {
    const lab = fakeLab();
    const { svc, ownerDir, lines } = service(lab, { pid: process.pid });
    const status = await svc.up('guide');
    expect(status).toMatchObject({ up: true, scenario: 'guide', owned: true });
    expect(readFileSync(status.projectPath ?? '', 'utf8')).toContain('lab-guide');
    expect(readOwner(ownerFile(ownerDir, ''))?.pid).toBe(process.pid);
    expect(lines.some((l) => l.includes('lab up'))).toBe(true);
    await svc.shutdown();
    expect(lab.scenario()).toBeUndefined();
    expect(readOwner(ownerFile(ownerDir, ''))).toBeUndefined();
  });

  it('reuses a lab started by hand and leaves it up on exit', async () => {
    const lab = fakeLab('guide');
    const { svc } = service(lab);
    expect(await svc.up('guide')).toMatchObject({ up: true, owned: false });
    await svc.shutdown();
    expect(lab.scenario()).toBe('guide');
    expect(lab.calls).not.toContain('up guide');
  });

  it('refuses a hand-started lab of another scenario, and one another live kubelab uses', async () => {
    const { svc } = service(fakeLab('swap-on'));
    expect((await refusal(svc.up('guide'))).code).toBe('lab_in_use');

    const lab = fakeLab('guide');
    const busy = service(lab, { pid: 1 });
    // The test runner itself stands in for "another live kubelab".
    writeOwner(ownerFile(busy.ownerDir, ''), {
      pid: process.pid,
      startTime: 0,
      scenario: 'guide',
    });
    expect((await refusal(busy.svc.up('guide'))).code).toBe('lab_busy');
    expect((await refusal(busy.svc.down())).code).toBe('lab_busy');
    expect(lab.scenario()).toBe('guide');
  });

  it('starts afresh a lab left by a crashed kubelab', async () => {
    const lab = fakeLab('guide');
    const { svc, ownerDir } = service(lab, { pid: process.pid });
    // A pid that no longer runs: the highest possible one is never in use in a test container.
    writeOwner(ownerFile(ownerDir, ''), { pid: 4194304, startTime: 1, scenario: 'guide' });
    expect(await svc.up('guide')).toMatchObject({ up: true, owned: true });
    expect(lab.calls.filter((c) => c === 'down' || c === 'up guide')).toEqual(['down', 'up guide']);
  });

  it('refuses unknown scenarios and keeps one owner record per LAB_INSTANCE', async () => {
    const lab = fakeLab();
    const { svc, ownerDir } = service(lab, { env: { LAB_INSTANCE: '4' }, pid: process.pid });
    expect((await refusal(svc.up('nope'))).field).toBe('scenario');
    await svc.up('guide');
    expect(readOwner(ownerFile(ownerDir, '4'))?.scenario).toBe('guide');
    expect(readOwner(ownerFile(ownerDir, ''))).toBeUndefined();
  });

  it('finds tests/lab from the sources', () => {
    expect(defaultLabDir()).toMatch(/tests[\\/]lab$/);
  });
});
