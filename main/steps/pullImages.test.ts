// pull-images takes its list from the node's own kubeadm and says where the catalog differs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

const SCRIPT = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'pull-images.sh'), 'utf8'),
);

const KUBEADM_LIST = [
  'registry.k8s.io/kube-apiserver:v1.31.1',
  'registry.k8s.io/kube-proxy:v1.31.1',
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'registry.k8s.io/pause:3.10',
].join('\n');

/** Runs the step with fake kubeadm/crictl; returns what it printed and pulled. */
function run(env: Record<string, string>, kubeadm: boolean): { out: string; pulled: string[] } {
  const fakes = `
kl_have() { [[ $1 == kubeadm ]] && ${kubeadm ? 'true' : 'false'}; }
kubeadm() { [[ $1 == config && $4 == --config && -f $5 ]] && printf '%s\\n' "$KUBEADM_LIST"; }
crictl() { if [[ $1 == pull ]]; then echo "PULLED $2"; fi; }
`;
  // The fakes after the library, which defines kl_have too.
  const r = spawnSync('bash', ['-c', `${SCRIPT.replace(/^kl_main$/m, '')}\n${fakes}\nkl_main`], {
    input: '',
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      KL_MODE: 'apply',
      KL_STEP: 'pull-images',
      KUBEADM_LIST,
      RUNTIME: 'containerd',
      KUBEADM_CONFIG: 'kind: ClusterConfiguration',
      ...env,
    },
  });
  const out = r.stdout;
  const pulled = out
    .split('\n')
    .filter((l) => l.startsWith('PULLED '))
    .map((l) => l.slice(7));
  return { out, pulled };
}

describe('pull-images', { timeout: 60_000 }, () => {
  const catalog = [
    'registry.k8s.io/kube-apiserver:v1.31.1',
    'registry.k8s.io/kube-proxy:v1.31.1',
    'registry.k8s.io/coredns/coredns:v1.11.1',
    'registry.k8s.io/pause:3.10',
  ].join('\n');

  it('pulls what the node’s kubeadm lists and logs where the catalog differs', () => {
    const r = run({ IMAGES: catalog, WORKER: '0' }, true);
    expect(r.pulled).toEqual(KUBEADM_LIST.split('\n'));
    expect(r.out).toContain('catalog only: registry.k8s.io/coredns/coredns:v1.11.1');
    expect(r.out).toContain('kubeadm only: registry.k8s.io/coredns/coredns:v1.11.3');
  });

  it('on a worker pulls only kube-proxy and pause from kubeadm’s list', () => {
    const worker = 'registry.k8s.io/kube-proxy:v1.31.1\nregistry.k8s.io/pause:3.10';
    const r = run({ IMAGES: worker, WORKER: '1' }, true);
    expect(r.pulled).toEqual(worker.split('\n'));
    expect(r.out).not.toContain('other images');
  });

  it('falls back to the catalog list, saying so, when kubeadm cannot list', () => {
    const r = run({ IMAGES: catalog, WORKER: '0' }, false);
    expect(r.pulled).toEqual(catalog.split('\n'));
    expect(r.out).toContain("pulling kubelab's catalog list");
  });
});
