import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../model/plan';
import { renderJoinConfig } from '../joinConfig';
import { renderKubeadmConfig } from '../kubeadmConfig';
import { guidePlan, modernPlan } from '../presets';
import { CERTIFICATE_KEY_PLACEHOLDER } from './certificateKey';

/**
 * The HA fields of the init and join configurations, checked against the kubeadm API types:
 * InitConfiguration.certificateKey, ClusterConfiguration.controlPlaneEndpoint,
 * apiServer.certSANs, etcd.external.{endpoints,caFile,certFile,keyFile} and
 * JoinConfiguration.controlPlane.{localAPIEndpoint,certificateKey} exist with these names in
 * cmd/kubeadm/app/apis/kubeadm/v1beta2/types.go (v1.18.0), v1beta3/types.go (v1.28.0) and
 * v1beta4/types.go (v1.31.0).
 */
function ha(plan: ClusterPlan, patch: Partial<ClusterPlan> = {}): ClusterPlan {
  return {
    ...plan,
    topology: 'stacked-etcd',
    controlPlaneEndpoint: 'k8s-api.lab.local:6443',
    loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
    ...patch,
  };
}

function docs(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => d.toJSON() as Record<string, unknown>);
}

const GUIDE_HA_CLUSTER = `apiVersion: kubeadm.k8s.io/v1beta2
kind: ClusterConfiguration
clusterName: kubernetes
kubernetesVersion: v1.18.2
imageRepository: registry.cn-hangzhou.aliyuncs.com/google_containers
controlPlaneEndpoint: k8s-api.lab.local:6443
apiServer:
  certSANs:
    - k8s-api.lab.local
    - 192.168.100.100
networking:
`;

describe('kubeadm init config for HA', () => {
  it('writes controlPlaneEndpoint and the endpoint host and VIP as certSANs (v1beta2, 1.18)', () => {
    expect(renderKubeadmConfig(ha(guidePlan()))).toContain(GUIDE_HA_CLUSTER);
  });

  it.each([
    ['1.18.2', 'v1beta2'],
    ['1.28.0', 'v1beta3'],
    ['1.31.0', 'v1beta4'],
  ])('carries certificateKey as a placeholder on %s (%s)', (version, api) => {
    const plan = ha({ ...modernPlan('192.168.100.111'), kubernetesVersion: version });
    const [init, cluster] = docs(renderKubeadmConfig(plan));
    expect(init?.apiVersion).toBe(`kubeadm.k8s.io/${api}`);
    expect(init?.certificateKey).toBe(CERTIFICATE_KEY_PLACEHOLDER);
    // Never a real-looking key (kubeadm wants 64 hex characters).
    expect(String(init?.certificateKey)).not.toMatch(/^[0-9a-f]{64}$/);
    expect(cluster?.controlPlaneEndpoint).toBe('k8s-api.lab.local:6443');
  });

  it('leaves a single control plane untouched (no certificateKey, no certSANs)', () => {
    const text = renderKubeadmConfig(guidePlan());
    expect(text).not.toContain('certificateKey');
    expect(text).not.toContain('certSANs');
  });

  it('points the API servers at external etcd with kubeadm’s client files', () => {
    const plan = ha(guidePlan(), {
      topology: 'external-etcd',
      externalEtcdEndpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379'],
    });
    const [, cluster] = docs(renderKubeadmConfig(plan));
    expect(cluster?.etcd).toEqual({
      external: {
        endpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379'],
        caFile: '/etc/kubernetes/pki/etcd/ca.crt',
        certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
        keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
      },
    });
  });
});

describe('JoinConfiguration of a further control plane', () => {
  const join = {
    endpoint: 'k8s-api.lab.local:6443',
    token: 'abcdef.0123456789abcdef',
    caCertHash: 'sha256:00',
  };

  it('adds controlPlane.localAPIEndpoint and certificateKey (v1beta3, 1.28)', () => {
    const plan = ha({ ...modernPlan('192.168.100.111'), kubernetesVersion: '1.28.0' });
    const doc = parse(
      renderJoinConfig(plan, join, { advertiseAddress: '192.168.100.112' }),
    ) as Record<string, unknown>;
    expect(doc.apiVersion).toBe('kubeadm.k8s.io/v1beta3');
    expect(doc.controlPlane).toEqual({
      localAPIEndpoint: { advertiseAddress: '192.168.100.112', bindPort: 6443 },
      certificateKey: CERTIFICATE_KEY_PLACEHOLDER,
    });
  });

  it('uses the real key only when one is given (on the node)', () => {
    const key = 'a'.repeat(64);
    const text = renderJoinConfig(ha(guidePlan()), join, {
      advertiseAddress: '192.168.100.112',
      certificateKey: key,
    });
    expect(text).toContain(`certificateKey: ${key}`);
  });

  it('is a worker join without the controlPlane block, as before', () => {
    expect(renderJoinConfig(guidePlan(), join)).not.toContain('controlPlane');
  });
});
