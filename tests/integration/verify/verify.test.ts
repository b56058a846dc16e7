// Verification after an install on the practice lab (instance 6, see ../preflight/helpers.ts):
// the seed guide's commands install the cluster (as tests/integration/lab does), then
// verifyCluster runs kubectl on master1 over SSH. Guide: everything green; firewall-8472: the pod
// ping matrix shows exactly the pairs through node2's dropped VXLAN port. Needs root.
import { afterAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../common/model/project';
import { verifyCluster } from '../../../main/verify/verifyService';
import { exec, lab, up, withDeps } from '../preflight/helpers';

afterAll(() => {
  expect(lab('down').code).toBe(0);
});

function sh(node: string, cmd: string): string {
  const r = exec(node, cmd);
  if (r.code !== 0) throw new Error(`${node}: ${cmd}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The seed guide's install (docker, kubeadm 1.18.2 from Aliyun, init, join, flannel on 10.10/16). */
async function installGuide(project: Project): Promise<void> {
  const names = project.nodes.map((n) => n.id);
  for (const n of names) {
    sh(
      n,
      [
        'echo "deb [arch=amd64] https://mirrors.aliyun.com/docker-ce/linux/ubuntu $(lsb_release -cs) stable" > /etc/apt/sources.list.d/docker.list',
        'echo "deb https://mirrors.aliyun.com/kubernetes/apt/ kubernetes-xenial main" > /etc/apt/sources.list.d/kubernetes.list',
        'apt-get update >/dev/null && apt-get install -y docker-ce kubelet=1.18.2-00 kubeadm=1.18.2-00 kubectl=1.18.2-00 >/dev/null',
        'systemctl start docker && systemctl enable docker kubelet >/dev/null 2>&1',
      ].join(' && '),
    );
  }
  const master = project.nodes.find((n) => n.role === 'control-plane');
  if (!master) throw new Error('no control plane');
  const out = sh(
    master.id,
    `kubeadm init --apiserver-advertise-address=${master.address} --kubernetes-version=v1.18.2 --pod-network-cidr=10.10.0.0/16 --service-cidr=10.20.0.0/16 --service-dns-domain=k8stest.local --image-repository=registry.cn-hangzhou.aliyuncs.com/google_containers --ignore-preflight-errors=swap`,
  );
  const m =
    /kubeadm join (\S+) --token (\S+) \\\n\s+--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})/.exec(
      out,
    );
  if (!m) throw new Error(`no join command in:\n${out}`);
  for (const n of names.filter((x) => x !== master.id)) {
    sh(
      n,
      `systemctl start kubelet; kubeadm join ${m[1]} --token ${m[2]} --discovery-token-ca-cert-hash ${m[3]}`,
    );
  }
  sh(
    master.id,
    'mkdir -p $HOME/.kube && cp /etc/kubernetes/admin.conf $HOME/.kube/config && curl -fsSLo /root/kube-flannel.yml https://raw.githubusercontent.com/coreos/flannel/master/Documentation/kube-flannel.yml && sed -i "s#10.244.0.0/16#10.10.0.0/16#" /root/kube-flannel.yml && kubectl apply -f /root/kube-flannel.yml >/dev/null',
  );
  for (let i = 0; i < 60; i++) {
    const ready = (sh(master.id, 'kubectl get nodes').match(/ Ready /g) ?? []).length;
    if (ready === names.length) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('nodes never Ready');
}

const broken = (cells: Array<{ from: string; to: string; ok: boolean }>): string[] =>
  cells
    .filter((c) => !c.ok)
    .map((c) => `${c.from}→${c.to}`)
    .sort();

describe('verification on the guide cluster', () => {
  it('nodes Ready, API ready, pod ping matrix all green, test pods removed', async () => {
    const project = up('guide');
    await installGuide(project);
    const out = await withDeps(project, (deps) =>
      verifyCluster(project.nodes, project.plan, deps.remote),
    );
    const v = out.verification;
    expect(v.nodes.map((n) => `${n.name} ${n.status}`)).toEqual([
      'master1 Ready',
      'node1 Ready',
      'node2 Ready',
    ]);
    expect(v.apiServer.status).toBe('ok');
    const ping = v.matrices.find((m) => m.probe === 'pod-ping');
    expect(ping?.cells).toHaveLength(6);
    expect(broken(ping?.cells ?? [])).toEqual([]);
    expect(out.testPods.map((p) => p.node).sort()).toEqual(['master1', 'node1', 'node2']);
    expect(out.leftPods).toEqual([]);
    expect(sh('master1', 'kubectl get pods -o wide')).not.toContain('kubelab-verify-');
    console.log(
      JSON.stringify({ dns: v.dns, systemPods: v.systemPods.map((p) => `${p.name} ${p.status}`) }),
    );
  });
});

describe('verification with firewall-8472', () => {
  it('shows exactly the pairs through node2 broken', async () => {
    const project = up('firewall-8472');
    await installGuide(project);
    const out = await withDeps(project, (deps) =>
      verifyCluster(project.nodes, project.plan, deps.remote),
    );
    const ping = out.verification.matrices.find((m) => m.probe === 'pod-ping');
    expect(broken(ping?.cells ?? [])).toEqual([
      'master1→node2',
      'node1→node2',
      'node2→master1',
      'node2→node1',
    ]);
    expect(out.leftPods).toEqual([]);
  });
});
