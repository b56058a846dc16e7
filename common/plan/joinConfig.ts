import { stringify } from 'yaml';
import { resolveVersion } from '../catalog/images';
import type { ClusterPlan } from '../model/plan';
import { CERTIFICATE_KEY_PLACEHOLDER } from './ha/certificateKey';
import { criSocket } from './kubeadmConfig';

/** What a worker needs to join: collected on the control plane for this run. */
export interface JoinInputs {
  /** `host:port` of the API server. */
  endpoint: string;
  /** The bootstrap token (`abcdef.0123456789abcdef`): a secret. */
  token: string;
  /** `sha256:<hex>` of the cluster CA's public key. */
  caCertHash: string;
}

/** A node joining as a further control plane (`kubeadm join --control-plane`). */
export interface ControlPlaneJoin {
  /** The joining node's own address: its API server's `localAPIEndpoint.advertiseAddress`. */
  advertiseAddress: string;
  /** The real key only on the node; unset renders the placeholder (ha/certificateKey.ts). */
  certificateKey?: string;
}

/**
 * The JoinConfiguration `kubeadm join --config` reads, so the bootstrap token travels in a
 * root-only file instead of `--token` on the command line (readable by any local user in `ps`).
 * The API version is the one the plan's kubeadm speaks, as for init (v1beta2 up to 1.21, v1beta3
 * from 1.22, v1beta4 from 1.31; common/catalog/kubernetesVersions.ts). With `--config`, kubeadm
 * refuses `--cri-socket`, `--token` and the discovery flags ("can not mix '--config' with
 * arguments", ValidateMixedArguments in cmd/kubeadm/app/apis/kubeadm/validation/validation.go),
 * so the socket and the ignored preflight errors are fields here too.
 *
 * Fields: discovery.bootstrapToken.{apiServerEndpoint, token, caCertHashes} and
 * nodeRegistration.{criSocket, ignorePreflightErrors} exist unchanged in v1beta2, v1beta3 and
 * v1beta4 (kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta3/#kubeadm-k8s-io-v1beta3-JoinConfiguration,
 * kubeadm-config.v1beta4; cmd/kubeadm/app/apis/kubeadm/v1beta2/types.go for 1.18–1.21). The TLS
 * bootstrap token defaults to the discovery token (SetDefaults_Discovery), as `--token` did.
 */
export function renderJoinConfig(
  plan: ClusterPlan,
  join: JoinInputs,
  controlPlane?: ControlPlaneJoin,
): string {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v) throw new Error(`kubernetesVersion "${plan.kubernetesVersion}" is not in the catalog`);
  const nodeRegistration: Record<string, unknown> = { criSocket: criSocket(plan, v) };
  if (plan.ignorePreflightErrors.length > 0) {
    nodeRegistration.ignorePreflightErrors = [...plan.ignorePreflightErrors];
  }
  const doc: Record<string, unknown> = {
    apiVersion: `kubeadm.k8s.io/${v.entry.kubeadmApi}`,
    kind: 'JoinConfiguration',
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: join.endpoint,
        token: join.token,
        caCertHashes: [join.caCertHash],
      },
    },
    nodeRegistration,
  };
  if (controlPlane) doc.controlPlane = controlPlaneFields(plan, controlPlane);
  return stringify(doc);
}

/**
 * JoinConfiguration.controlPlane (JoinControlPlane): `localAPIEndpoint.{advertiseAddress,
 * bindPort}` and `certificateKey`, the same fields in v1beta2, v1beta3 and v1beta4
 * (cmd/kubeadm/app/apis/kubeadm/v1beta2/types.go at v1.18.0, v1beta3/types.go at v1.28.0,
 * v1beta4/types.go at v1.31.0: `CertificateKey string json:"certificateKey,omitempty"`). Its
 * presence is what `--control-plane` means on the command line.
 */
function controlPlaneFields(plan: ClusterPlan, cp: ControlPlaneJoin): Record<string, unknown> {
  return {
    localAPIEndpoint: { advertiseAddress: cp.advertiseAddress, bindPort: plan.bindPort },
    certificateKey: cp.certificateKey ?? CERTIFICATE_KEY_PLACEHOLDER,
  };
}
