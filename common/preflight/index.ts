/** Preflight: check definitions and their pure evaluation over gathered node facts. */
export { evaluatePreflight, failing, NODE_CHECKS, summariseResults } from './evaluate';
export { CLUSTER_CHECKS } from './checks/cluster';
export { portsFor } from './checks/network';
export { requiredTools } from './checks/runtime';
export type { ClusterCheck, NodeCheck, Outcome } from './check';
