import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderJoinConfig } from './joinConfig';
import { renderKubeadmConfig } from './kubeadmConfig';
import { guidePlan, modernPlan } from './presets';

const join = {
  endpoint: '192.168.100.111:6443',
  token: 'abcdef.0123456789abcdef',
  caCertHash: `sha256:${'a1'.repeat(32)}`,
};

describe('renderJoinConfig', () => {
  it('renders the guide’s join (1.18, Docker) as a v1beta2 JoinConfiguration', () => {
    expect(renderJoinConfig(guidePlan(), join)).toBe(`apiVersion: kubeadm.k8s.io/v1beta2
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: 192.168.100.111:6443
    token: abcdef.0123456789abcdef
    caCertHashes:
      - sha256:${'a1'.repeat(32)}
nodeRegistration:
  criSocket: /var/run/dockershim.sock
  ignorePreflightErrors:
    - swap
`);
  });

  it.each([
    ['1.21.14', 'v1beta2'],
    ['1.22.17', 'v1beta3'],
    ['1.30.0', 'v1beta3'],
    ['1.31.0', 'v1beta4'],
    ['1.34.0', 'v1beta4'],
  ])('Kubernetes %s → kubeadm.k8s.io/%s, the same API as the init configuration', (k, api) => {
    const plan = { ...modernPlan('192.168.100.111'), kubernetesVersion: k };
    const doc = parse(renderJoinConfig(plan, join)) as Record<string, unknown>;
    expect(doc.apiVersion).toBe(`kubeadm.k8s.io/${api}`);
    expect(renderKubeadmConfig(plan)).toContain(
      `apiVersion: kubeadm.k8s.io/${api}\nkind: InitConfiguration`,
    );
    expect(doc).toMatchObject({
      kind: 'JoinConfiguration',
      discovery: { bootstrapToken: { token: join.token, caCertHashes: [join.caCertHash] } },
    });
  });
});

describe('the init configuration holds no secret', () => {
  // It stays on the control plane (/etc/kubernetes/kubelab/kubeadm-config.yaml) after init: it
  // must never carry a bootstrap token or a certificate key (kubeadm init then makes its own
  // token, printed only to the run's log, which is redacted on the node).
  it.each([guidePlan(), modernPlan('192.168.100.111')])('%#', (plan) => {
    const text = renderKubeadmConfig(plan);
    expect(text).not.toMatch(/bootstrapTokens|token:|certificateKey|[a-z0-9]{6}\.[a-z0-9]{16}/);
  });
});
