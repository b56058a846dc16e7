import { CertificateListSchema } from '../certs/model';
import { Empty } from './empty';

/**
 * Certificates of the open project's cluster (issue 21, part 1): kubeadm's check-expiration table
 * of every control plane plus each node's kubelet client and serving certificates, read on the
 * nodes, on one list sorted by residual time. Read-only: nothing on a node changes.
 */
export const certsRequests = {
  'certs.list': { payload: Empty, result: CertificateListSchema },
};
