import type { RuntimeId } from '../catalog/kubernetesVersions';
import { CONTAINERD_2_FROM_MINOR, runtimeCap } from '../catalog/runtimeCaps';
import { CGROUP_V1_REFUSED_FROM } from '../preflight/checks/kernel';
import type { LocalizedText } from '../model/diagnosis';
import { CONTAINERD_MIGRATION_ACTIONS, CONTAINERD_MIGRATION_DOWNTIME } from './runtimeMigration';
import type { DockerMigration, RuntimeStep } from './schema';

/**
 * The container runtime through the hops:
 * - Docker Engine works through dockershim up to 1.23; dockershim was removed in 1.24 (KEP-2221,
 *   kubernetes.io/blog/2022/02/17/dockershim-faq), so the hop into 1.24 starts with a planned
 *   migration step — to containerd, or cri-dockerd kept in front of Docker — not an error. The
 *   steps follow kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/
 *   change-runtime-containerd (drain, install, --container-runtime-endpoint in
 *   /var/lib/kubelet/kubeadm-flags.env and the node's kubeadm.alpha.kubernetes.io/cri-socket
 *   annotation, restart the kubelet, uncordon); the sockets are those the install writes
 *   (../plan/kubeadmConfig.ts, criSocket);
 * - the Docker series kubeadm validated moves from 19.03 to 20.10 at 1.21, and containerd 2.x is
 *   allowed from 1.30 (../catalog/runtimeCaps.ts);
 * - from 1.35 the kubelet refuses a cgroup v1 host by default (KEP-5573; the preflight check of
 *   ../preflight/checks/kernel.ts blocks it the same way), so that hop requires cgroup v2.
 */

export const DOCKERSHIM_REMOVED_IN = 24;

export interface RuntimeThroughHop {
  steps: RuntimeStep[];
  /** The runtime the cluster runs after this hop (Docker becomes the migration's choice at 1.24). */
  runtimeAfter: RuntimeId;
}

export function runtimeThroughHop(
  runtime: RuntimeId,
  fromMinor: number,
  toMinor: number,
  migration: DockerMigration,
): RuntimeThroughHop {
  const steps: RuntimeStep[] = [];
  let after = runtime;
  if (runtime === 'docker' && toMinor >= DOCKERSHIM_REMOVED_IN) {
    after = migration;
    const text = dockerMigrationText(migration, toMinor);
    steps.push(
      migration === 'containerd'
        ? {
            kind: 'migrate',
            text,
            actions: CONTAINERD_MIGRATION_ACTIONS.map((a) => a.text),
            downtime: CONTAINERD_MIGRATION_DOWNTIME,
          }
        : { kind: 'migrate', text },
    );
  } else if (runtime === 'docker') {
    const series = runtimeCap(toMinor).dockerSeries;
    steps.push({
      kind: 'keep',
      text: {
        en: `Docker kept (dockershim is part of the kubelet until 1.23); Docker Engine up to ${series}.`,
        zh: `保留 Docker（1.23 及以前 kubelet 内置 dockershim）；Docker Engine 最高 ${series}。`,
      },
    });
  } else {
    steps.push({
      kind: 'keep',
      text: { en: `${runtime} kept.`, zh: `保留 ${runtime}。` },
    });
  }
  if (
    after !== 'docker' &&
    fromMinor < CONTAINERD_2_FROM_MINOR &&
    toMinor >= CONTAINERD_2_FROM_MINOR
  )
    steps.push({
      kind: 'note',
      text: {
        en: `From 1.${CONTAINERD_2_FROM_MINOR} containerd 2.x is allowed; before it containerd stays below 2.0.`,
        zh: `从 1.${CONTAINERD_2_FROM_MINOR} 起可使用 containerd 2.x；此前 containerd 须低于 2.0。`,
      },
    });
  if (fromMinor < CGROUP_V1_REFUSED_FROM && toMinor >= CGROUP_V1_REFUSED_FROM)
    steps.push({
      kind: 'note',
      text: {
        en: `From 1.${CGROUP_V1_REFUSED_FROM} the kubelet refuses to start on cgroup v1 (failCgroupV1 defaults to true): every node must boot with cgroup v2 before this hop.`,
        zh: `从 1.${CGROUP_V1_REFUSED_FROM} 起 kubelet 拒绝在 cgroup v1 上启动（failCgroupV1 默认为 true）：此次升级前每个节点都必须以 cgroup v2 启动。`,
      },
    });
  return { steps, runtimeAfter: after };
}

function dockerMigrationText(migration: DockerMigration, toMinor: number): LocalizedText {
  return migration === 'containerd'
    ? {
        en: `Planned step before 1.${toMinor}: dockershim is removed in 1.${DOCKERSHIM_REMOVED_IN}, so each node moves from Docker to containerd, one node at a time, in a run of its own before the hop (drain, stop the kubelet and Docker, install containerd, point the kubelet's --container-runtime-endpoint and the node's cri-socket annotation at unix:///run/containerd/containerd.sock, start the kubelet, uncordon). A node whose kubelet already uses containerd is passed by.`,
        zh: `1.${toMinor} 之前的计划步骤：dockershim 在 1.${DOCKERSHIM_REMOVED_IN} 中移除，因此在这一跳之前单独运行一次迁移，逐个节点从 Docker 迁移到 containerd（腾空、停止 kubelet 和 Docker、安装 containerd、将 kubelet 的 --container-runtime-endpoint 和节点的 cri-socket 注解指向 unix:///run/containerd/containerd.sock、启动 kubelet、恢复调度）。kubelet 已使用 containerd 的节点会被跳过。`,
      }
    : {
        en: `Planned step before 1.${toMinor}: dockershim is removed in 1.${DOCKERSHIM_REMOVED_IN}, so each node keeps Docker behind cri-dockerd (drain, install cri-dockerd, point the kubelet's --container-runtime-endpoint and the node's cri-socket annotation at unix:///var/run/cri-dockerd.sock, restart the kubelet, uncordon).`,
        zh: `1.${toMinor} 之前的计划步骤：dockershim 在 1.${DOCKERSHIM_REMOVED_IN} 中移除，因此每个节点通过 cri-dockerd 继续使用 Docker（驱逐、安装 cri-dockerd、将 kubelet 的 --container-runtime-endpoint 和节点的 cri-socket 注解指向 unix:///var/run/cri-dockerd.sock、重启 kubelet、恢复调度）。`,
      };
}
