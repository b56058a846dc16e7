import type { ResolvedVersion } from '../../common/catalog/images';
import type { ClusterPlan } from '../../common/model/plan';
import { runtimeFiles } from '../../common/plan/runtimeFiles';

/**
 * The container runtime part of `kubelab plan`: the files the container-runtime step writes on
 * every node (containerd's hosts.toml per mirrored registry, cri-dockerd's service drop-in),
 * named always and shown whole with --scripts, the same text the plan screen previews. Empty
 * when the plan generates none, so that output is unchanged.
 */
export function formatRuntimeSection(
  plan: ClusterPlan,
  v: ResolvedVersion | undefined,
  scripts: boolean,
): string {
  const files = v ? runtimeFiles(plan, v) : [];
  if (files.length === 0) return '';
  const lines = [`Container runtime files (${plan.runtime}, every node):`];
  for (const file of files) {
    if (!scripts) {
      lines.push(`  ${file.path}`);
      continue;
    }
    lines.push(
      `  --- ${file.path} ---`,
      ...file.content
        .trimEnd()
        .split('\n')
        .map((l) => (l ? `    ${l}` : '')),
    );
  }
  return `${lines.join('\n')}\n\n`;
}
