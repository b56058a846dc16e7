import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { NOTICE_PREFIX } from '../../common/model/stepNotice';
import type { PreludeReport, RunHost } from '../engine/runnable';
import { backupEtcd } from '../etcd/backupService';
import { firstControlPlane } from '../steps/plan';

/**
 * The etcd snapshot before a hop: the same backup as `kubelab etcd backup` (main/etcd/
 * backupService.ts: snapshot on the first control plane, status read, downloaded beside the
 * project with its size and SHA-256 checked, recorded in the snapshots index, the node's copy
 * deleted). A failure refuses the hop before any step ran. The download goes through the run's
 * Remote, streamed (Remote.downloadFile: memory stays flat for etcd's up to 2 GiB by default —
 * https://etcd.io/docs/v3.5/dev-guide/limit/ — a partial resumes, SHA-256 checked both ends).
 */
export async function snapshotBeforeHop(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  hop: string,
  host: RunHost,
): Promise<PreludeReport> {
  const cp = firstControlPlane(nodes);
  // Not a connection for a project whose snapshot could not be kept (backupEtcd says why).
  const remote = cp && host.projectFile ? await host.remoteFor(cp) : undefined;
  const saved = await backupEtcd({
    project: { nodes: [...nodes], plan },
    projectFile: host.projectFile,
    remoteFor: () => {
      if (!remote) throw new Error('no control plane to take the snapshot on');
      return remote;
    },
    fetch: async (_node, remotePath, localPath, onBytes) => {
      if (!remote) throw new Error('no control plane to download the snapshot from');
      await remote.downloadFile(remotePath, localPath, {
        onProgress: (p) => onBytes(p.transferred, p.total),
      });
    },
  });
  return {
    nodeId: cp?.id ?? '',
    stepId: 'upgrade-preflight',
    text:
      `${NOTICE_PREFIX}etcd snapshot before the hop to ${hop} saved as ${saved.path}\n` +
      `${NOTICE_PREFIX}升级到 ${hop} 前的 etcd 快照已保存为 ${saved.path}\n`,
  };
}
