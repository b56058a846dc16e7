// Two CRI sockets on every node (containerd's and cri-dockerd's): kubeadm refuses to pick one
// ("Found multiple CRI endpoints on the host…", cmd/kubeadm/app/util/runtime/runtime.go
// detectCRISocketImpl), so kubelab's kubeadm configuration must name nodeRegistration.criSocket.
// Lab instance TRUTH_LAB_INSTANCE (default 11).
import './instance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kubelab, lab, labWorkspace, nodeStatus, onNode } from '../install/helpers';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
});

describe('multiple CRI sockets', () => {
  it(
    'installs because kubelab names criSocket; kubeadm without it refuses',
    { timeout: 300_000 },
    () => {
      const ws = labWorkspace('multiple-cri');
      const r = kubelab(ws, 'apply', '-f', ws.project);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect([...nodeStatus('cp1').values()]).toEqual(['Ready', 'Ready']);
      expect(onNode('cp1', 'cat /etc/kubernetes/kubelab/kubeadm-config.yaml')).toContain(
        'criSocket: unix:///var/run/containerd/containerd.sock\n',
      );
      // The same node, asked without a criSocket: kubeadm's own refusal (≥1.31 starts lower-case).
      const bare = onNode('worker1', 'kubeadm config images pull 2>&1; echo "exit $?"');
      expect(bare).toContain(
        "found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: unix:///var/run/containerd/containerd.sock, unix:///var/run/cri-dockerd.sock\nTo see the stack trace of this error execute with --v=5 or higher\nexit 1",
      );
    },
  );
});
