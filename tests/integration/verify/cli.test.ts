// The built CLI end to end on the practice lab (instance 6, ../preflight/helpers.ts):
// `kubelab preflight -f <project> --json` on fresh guide nodes, then the guide's install by hand,
// then `kubelab verify -f <project>`. Skipped only when out/main/cli.js is missing (`npm test`
// builds before the integration tests). Needs root.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreflightRunSchema } from '../../../common/contracts/preflight';
import { VerificationSchema } from '../../../common/model/verification';
import { lab, REPO, up } from '../preflight/helpers';
import { installGuide } from './guide';

const BUILT = existsSync(join(REPO, 'out', 'main', 'cli.js'));
const dir = mkdtempSync(join(tmpdir(), 'kubelab-cli-'));
const file = join(dir, 'kubelab.yaml');

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(lab('down').code).toBe(0);
});

function kubelab(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'kubelab.js'), ...args], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 16 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

describe.skipIf(!BUILT)('the built kubelab CLI on the guide lab', () => {
  it('preflight: only what the lab cannot serve blocks; kubelab’s own steps are AUTO', () => {
    const project = up('guide');
    writeFileSync(file, lab('project').stdout);
    const r = kubelab('preflight', '-f', file, '--json');
    // Nothing blocks on the guide's lab: the mirrors answer and kubelab's own steps do the rest.
    expect(r.code, r.stderr).toBe(0);
    const run = PreflightRunSchema.parse(JSON.parse(r.stdout));
    const blocking = run.report.results.filter(
      (x) => x.status === 'fail' && x.severity === 'block',
    );
    expect(blocking.map((x) => x.checkId)).toEqual([]);
    for (const n of project.nodes.filter((x) => x.id !== 'node3')) {
      const byInstall = run.report.results
        .filter((x) => x.nodeIds.join() === n.id && x.fixedBy)
        .map((x) => `${x.checkId} ${x.fixedBy}`)
        .sort();
      expect(byInstall).toEqual([
        'binaries kube-packages',
        'kernel-modules prepare-os',
        'sysctl prepare-os',
      ]);
    }
    expect(run.unreachable).toEqual([]);
    expect(run.listeners.every((l) => l.removed)).toBe(true);
    expect(run.matrices.flatMap((m) => m.cells).every((c) => c.ok)).toBe(true);

    const existing = kubelab('preflight', '-f', file, '--existing', '--no-matrix');
    expect(existing.code).toBe(3);
    expect(existing.stdout).toMatch(/^FAIL kernel-modules +master1$/m);
    expect(kubelab('preflight', '-f', file, '--no-matrix').stdout).toMatch(
      /^AUTO kernel-modules +master1\n +.*kubelab's prepare-os step will do this\.$/m,
    );
  });

  it('verify after the guide’s install: nodes Ready, /readyz ok, pod ping all green', async () => {
    const project = up('guide');
    writeFileSync(file, lab('project').stdout);
    await installGuide(project);
    const r = kubelab('verify', '-f', file, '--json');
    const v = VerificationSchema.parse(JSON.parse(r.stdout));
    expect(v.nodes.map((n) => `${n.name} ${n.status}`)).toEqual([
      'master1 Ready',
      'node1 Ready',
      'node2 Ready',
    ]);
    expect(v.apiServer.status).toBe('ok');
    const cells = v.matrices.find((m) => m.probe === 'pod-ping')?.cells ?? [];
    expect(cells.map((c) => c.ok)).toEqual([true, true, true, true, true, true]);
    expect(v.dns.map((d) => d.status)).toEqual(['ok']);
    expect(r.code, r.stderr).toBe(0);
    expect(v.credentials?.certificates.length).toBe(13);
    expect(r.stderr).not.toContain('test pods still present');
    const saved = JSON.parse(readFileSync(join(dir, 'kubelab-verification.json'), 'utf8')) as {
      checkedAt?: string;
    };
    expect(saved.checkedAt).toBe(v.checkedAt);
    // Lab up, a whole install and a verify: the hooks' limit, not the 180 s of one command (it
    // took 194 s at load 28 on the shared 2 cores).
  }, 300_000);
});
