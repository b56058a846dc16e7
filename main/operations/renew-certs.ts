import { RenewCertsParamsSchema, type RenewCertsParams } from '../../common/certs/renewable';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { RENEW_CERTS_STEPS } from '../steps';
import { planFacts } from '../steps/plan';
import type { OperationDef, OperationTarget } from './operation';

/** super-admin.conf exists from kubeadm 1.29 (kubernetes/website#43540); refused before. */
function checkCertsExist(p: RenewCertsParams, target: OperationTarget): void {
  const minor = planFacts(target.plan as ClusterPlan).version.minor;
  const i = p.certs?.indexOf('super-admin.conf') ?? -1;
  if (i >= 0 && minor < 29) {
    throw new AppError({
      code: 'invalid_params',
      field: `params.certs.${i}`,
      message: `super-admin.conf exists from kubeadm 1.29; this cluster runs 1.${minor}`,
    });
  }
}

/**
 * Renew the certificates kubeadm manages (all, or the chosen ones) on every control plane, one
 * at a time; each restarts its static pods so they use the new certificates. Then, on every node
 * whose kubelet client certificate expired or is not rotated, kubelet.conf regenerated.
 */
export const renewCertsOperation: OperationDef<RenewCertsParams> = {
  id: 'renew-certs',
  params: RenewCertsParamsSchema,
  steps: (p, target) => {
    checkCertsExist(p, target);
    return RENEW_CERTS_STEPS;
  },
  // Every node: a worker's kubelet.conf is regenerated when its rotation failed (kubelet-conf).
  nodes: (_p, target) => target.nodes.map((n) => n.id),
  concurrency: 1,
};
