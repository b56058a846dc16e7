// The kubeconfig hand-off on the practice lab (issue 18): after an install of the `modern`
// scenario, `kubelab kubeconfig` writes the admin kubeconfig 0600, refuses to overwrite it, and the
// real kubectl 1.30 on this machine lists the cluster's nodes with it from the desktop side.
// Lab instance: KUBECONFIG_LAB_INSTANCE (default 12). Needs root, like the other lab suites.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The install suites' helpers take their instance and CLI build directory from the environment
// when they load: this suite's own, so it never shares a lab or a bundle with another suite.
process.env.KUBELAB_IT_LAB_INSTANCE = process.env.KUBECONFIG_LAB_INSTANCE ?? '12';
// Under node_modules, so the bundle resolves its dependencies; a directory no other suite uses.
process.env.KUBELAB_IT_OUT ??= resolve(
  import.meta.dirname,
  '../../../node_modules/.cache/kubelab-it-kubeconfig',
);
const { buildCli, kubelab, lab, labWorkspace, run } = await import('../install/helpers');

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.30';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
  rmSync(process.env.KUBELAB_IT_OUT ?? '', { recursive: true, force: true });
});

describe('kubelab kubeconfig', () => {
  it('writes the admin kubeconfig 0600 and the real kubectl lists the nodes with it', () => {
    const ws = labWorkspace('modern');
    const apply = kubelab(ws, 'apply', '-f', ws.project);
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);

    const out = join(ws.dir, 'lab-admin.conf');
    const r = kubelab(ws, 'kubeconfig', '-f', ws.project, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('client-key-data:');
    // The key is in the file, never in what kubelab printed.
    const key = /client-key-data: (\S+)/.exec(text)?.[1] ?? '';
    expect(key.length).toBeGreaterThan(100);
    expect(`${r.stdout}${r.stderr}`).not.toContain(key);

    const again = kubelab(ws, 'kubeconfig', '-f', ws.project, '-o', out);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('without --force');

    const printed = kubelab(ws, 'kubeconfig', '-f', ws.project, '-o', '-');
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(text);

    const nodes = run(KUBECTL, ['--kubeconfig', out, 'get', 'nodes', '--no-headers']);
    expect(nodes.code, nodes.stderr).toBe(0);
    const names = nodes.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0])
      .sort();
    expect(names).toEqual(['cp1', 'worker1', 'worker2']);
  });
});
