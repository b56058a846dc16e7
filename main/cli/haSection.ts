import { isHaTopology } from '../../common/model/ha';
import type { Project } from '../../common/model/project';
import { renderHaFiles } from '../../common/plan/ha/haFiles';
import { haWarnings, toleratedFailures } from '../../common/plan/ha/haWarnings';

/**
 * The HA part of `kubelab plan`: topology, endpoint, load balancer, etcd members and what they
 * tolerate, the warnings, and (with --scripts) every generated file, the same text the plan
 * screen previews (common/plan/ha/haFiles.ts). Empty for a single control plane, so that
 * output is unchanged.
 */
export function formatHaSection(project: Project, scripts: boolean): string {
  const plan = project.plan;
  if (!isHaTopology(plan.topology)) return '';
  const controlPlanes = project.nodes.filter((n) => n.role === 'control-plane');
  const members =
    plan.topology === 'stacked-etcd'
      ? controlPlanes.length
      : (plan.externalEtcdEndpoints ?? []).length;
  const lb = plan.loadBalancer;
  const lines = [
    `High availability: ${plan.topology}, endpoint ${plan.controlPlaneEndpoint ?? '(none)'}`,
    `  load balancer: ${lb ? lb.kind : '(none)'}${lb && lb.kind !== 'external' ? `, VIP ${lb.vip} on ${lb.interface}` : ''}`,
    `  control planes: ${controlPlanes.map((n) => n.name).join(', ') || '(none)'}`,
    `  etcd members: ${members}, tolerates ${toleratedFailures(members)} failure(s)`,
    ...haWarnings(plan, project.nodes).map((w) => `  warning: ${w.message}`),
  ];
  if (scripts) {
    for (const file of renderHaFiles(plan, project.nodes)) {
      lines.push(
        `  --- ${file.path} (${file.target}) ---`,
        ...file.content
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
      );
    }
  }
  return `${lines.join('\n')}\n\n`;
}
