import type { FieldError } from '../model/plan';
import type { Hop } from './schema';

/**
 * The runtime migration a hop plans before 1.24 (dockershim removed, see ./runtimeSteps.ts).
 * Docker → containerd is a run of its own that kubelab makes before the hop (./runtimeMigration.ts,
 * main/operations/upgrade.ts): it carries the per-node actions. Docker kept behind cri-dockerd is
 * shown in the plan but not run by kubelab yet; running the hop without it would leave kubelets
 * that cannot start, so that choice is refused before anything changes, saying what to do;
 * `--dry-run` still prints the plan.
 * Guides: https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/migrate-dockershim-dockerd/
 * and …/change-runtime-containerd/.
 */
export function runtimeMigrationRefusal(hop: Hop): FieldError | undefined {
  const migrate = hop.runtime.find((s) => s.kind === 'migrate');
  if (!migrate || migrate.actions) return undefined;
  const guide =
    'https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/migrate-dockershim-dockerd/';
  return {
    field: 'to',
    message: `the hop to ${hop.to} needs the nodes' container runtime changed first. ${migrate.text.en} kubelab runs the move to containerd itself but not this one yet: migrate each node by hand (${guide}) and set the project's runtime to cri-dockerd, or choose containerd, then upgrade.`,
    messageZh: `升级到 ${hop.to} 之前必须先更换节点的容器运行时。${migrate.text.zh} kubelab 可以自行迁移到 containerd，但暂不执行此迁移：请按 ${guide} 逐个节点手动迁移并把项目的运行时改为 cri-dockerd，或改选 containerd，然后再升级。`,
  };
}

/** True when the hop's runtime step is a migration kubelab runs (Docker → containerd). */
export function runsRuntimeMigration(hop: Hop): boolean {
  return hop.runtime.some((s) => s.kind === 'migrate' && s.actions !== undefined);
}
