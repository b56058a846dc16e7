import type { CheckResult } from '../../common/model/preflight';

/**
 * A node preflight could not log in to blocks: nothing was checked there, and the install's first
 * step on it would fail the same way. Without this a preflight of unreachable machines reported
 * "nothing blocks" and the install gate let the run start.
 */
export function unreachableResult(nodeId: string, error: string): CheckResult {
  return {
    checkId: 'node-reachable',
    nodeIds: [nodeId],
    severity: 'block',
    status: 'fail',
    message: {
      en: `kubelab could not log in to this node over SSH, so nothing was checked there and the install would stop at its first step: ${error}`,
      zh: `kubelab 无法通过 SSH 登录此节点，因此未做任何检查，安装会在第一步失败：${error}`,
    },
    evidence: error,
  };
}
