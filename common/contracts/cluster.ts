import { z } from 'zod';
import { Empty } from './empty';

/**
 * The installed cluster, as its admin takes it away (issue 18, kubeconfig hand-off).
 * `cluster.kubeconfig` returns the admin kubeconfig of the open project's cluster with its server
 * reachable from the desktop. It holds the admin's client key: the face that asked keeps it in
 * memory only long enough to save or copy it, and nothing logs it.
 */
export const KubeconfigSchema = z.object({
  /** `<cluster>-admin.conf`: letters, digits, dot, dash and underscore only. */
  filename: z.string(),
  /** The kubeconfig YAML (secret). */
  kubeconfig: z.string(),
  /** The API server URL(s) in the file. */
  servers: z.array(z.string()),
  /** Whether kubelab replaced the recorded server with the address it reaches the node by. */
  rewritten: z.boolean(),
  /** The control-plane node it was read from. */
  nodeId: z.string(),
});
export type Kubeconfig = z.infer<typeof KubeconfigSchema>;

/** The cluster's nodes as kubectl lists them (`kubectl get nodes -o wide`, its table as printed). */
export const ClusterNodesSchema = z
  .object({
    /** The control plane that was asked. */
    nodeId: z.string(),
    nodeName: z.string(),
    table: z.string(),
  })
  .nullable();

export const clusterRequests = {
  'cluster.kubeconfig': { payload: Empty, result: KubeconfigSchema },
  /** `kubelab status --live`: null when the project has no control plane to ask. */
  'cluster.nodes': { payload: Empty, result: ClusterNodesSchema },
} as const;
