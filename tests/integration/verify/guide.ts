// The seed guide's install by hand on a lab instance (as tests/integration/lab does): what the
// verification tests verify.
import type { Project } from '../../../common/model/project';
import { exec } from '../preflight/helpers';

export function sh(node: string, cmd: string): string {
  const r = exec(node, cmd);
  if (r.code !== 0) throw new Error(`${node}: ${cmd}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The seed guide's install (docker, kubeadm 1.18.2 from Aliyun, init, join, flannel on 10.10/16). */
export async function installGuide(project: Project): Promise<void> {
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
