import type { FieldError } from '../model/plan';
import type { Hop } from './schema';

/**
 * The runtime migration a hop plans (Docker → containerd or cri-dockerd on the hop into 1.24, see
 * ./runtimeSteps.ts) is shown in every plan but is not a step of the upgrade run yet. Running the
 * hop without it would leave kubelets that cannot start (dockershim is removed in 1.24), so the
 * run is refused before anything changes, saying what to do; `--dry-run` still prints the plan.
 * Migration guide: https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/change-runtime-containerd/
 */
export function runtimeMigrationRefusal(hop: Hop): FieldError | undefined {
  const migrate = hop.runtime.find((s) => s.kind === 'migrate');
  if (!migrate) return undefined;
  const guide =
    'https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/change-runtime-containerd/';
  return {
    field: 'to',
    message: `the hop to ${hop.to} needs the nodes' container runtime changed first. ${migrate.text.en} kubelab plans this step but does not run it yet: migrate each node by hand (${guide}), set the project's runtime to match, then upgrade.`,
    messageZh: `升级到 ${hop.to} 之前必须先更换节点的容器运行时。${migrate.text.zh} kubelab 会在计划中列出此步骤，但暂不执行：请按 ${guide} 逐个节点手动迁移，并把项目的运行时改为对应值，然后再升级。`,
  };
}
