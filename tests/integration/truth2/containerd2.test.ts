// Issue 16 on the lab, part 2: containerd 2.x (a version 3 config with registry mirrors through
// config_path + hosts.toml) and a plan that still names the retired apt.kubernetes.io. Lab
// instance TRUTH_LAB_INSTANCE (default 11); the multiple-CRI install is multipleCri.test.ts.
import './instance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kubelab, lab, labWorkspace, nodeStatus, onNode } from '../install/helpers';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
});

const WARNING =
  'level=warning msg="Ignoring unknown key in TOML for plugin" error="strict mode: fields in the document are missing in the target struct" key="registry" plugin=io.containerd.grpc.v1.cri';

describe('containerd 2.x', () => {
  it(
    'installs with a version 3 config and the plan’s registry mirror in certs.d',
    { timeout: 300_000 },
    () => {
      const ws = labWorkspace('containerd2');
      const r = kubelab(ws, 'apply', '-f', ws.project);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect([...nodeStatus('cp1').values()]).toEqual(['Ready']);
      // The newest published release (the catalog's data ends at 1.37.2), from pkgs.k8s.io.
      expect(onNode('cp1', 'cat /var/lib/lab-pkgs/kubeadm').trim()).toBe('1.37.2-1.1');
      expect(onNode('cp1', 'cat /var/lib/lab-pkgs/containerd.io').trim()).toBe(
        '2.2.1-1~ubuntu.22.04~jammy',
      );

      const config = onNode('cp1', 'cat /etc/containerd/config.toml');
      expect(config).toMatch(/^version = 3$/m);
      expect(config).toMatch(
        /\[plugins\.'io\.containerd\.cri\.v1\.images'\.registry\]\n\s+config_path = "\/etc\/containerd\/certs\.d"\n/,
      );
      expect(config).toMatch(
        /\[plugins\.'io\.containerd\.cri\.v1\.runtime'\.containerd\.runtimes\.runc\.options\]\n\s+SystemdCgroup = true\n/,
      );
      expect(config).not.toContain('"io.containerd.grpc.v1.cri"');
      expect(onNode('cp1', 'cat /etc/containerd/certs.d/docker.io/hosts.toml')).toBe(
        'server = "https://registry-1.docker.io"\n\n[host."https://docker.m.daocloud.io"]\n  capabilities = ["pull", "resolve"]\n',
      );
      expect(onNode('cp1', 'journalctl -u containerd --no-pager')).not.toContain(
        'Ignoring unknown key',
      );

      // The lab holds containerd's keys as containerd 2.x does: a version 2 table in this file is
      // ignored, with containerd's own warning.
      onNode(
        'cp1',
        `cp /etc/containerd/config.toml /tmp/config.toml && printf '\\n[plugins."io.containerd.grpc.v1.cri".registry]\\n  config_path = "/etc/containerd/certs.d"\\n' >> /etc/containerd/config.toml && systemctl restart containerd; cp /tmp/config.toml /etc/containerd/config.toml`,
      );
      expect(onNode('cp1', 'journalctl -u containerd --no-pager')).toContain(WARNING);
    },
  );
});

describe('the retired apt.kubernetes.io', () => {
  it('is stopped in preflight with the cause and the fix, before anything is installed', () => {
    const ws = labWorkspace('retired-repo');
    const r = kubelab(ws, 'preflight', '-f', ws.project, '--no-matrix');
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.code, all).toBe(3);
    expect(all).toContain(
      'The Kubernetes repository https://apt.kubernetes.io/ is the retired Google-hosted one (apt.kubernetes.io / yum.kubernetes.io, removed on 2024-03-04; apt answers "does not have a Release file"). Nothing has been installed.',
    );
    expect(all).toContain('plan 1.24 or newer (installed from pkgs.k8s.io)');
    expect(onNode('master1', 'ls /etc/apt/sources.list.d')).not.toMatch(/kubernetes/);
    expect(onNode('master1', 'ls /var/lib/lab-pkgs')).not.toMatch(/^kube(let|adm|ctl)$/m);
  });
});
