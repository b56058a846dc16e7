import { imageArchivePath } from '../../common/bundle/imageRef';
import { bundleNeeds } from '../../common/bundle/needs';
import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import type { BundleMachine } from '../../common/bundle/schema';
import type { ClusterPlan } from '../../common/model/plan';
import type { CheckResult } from '../../common/model/preflight';
import type { Remote } from '../engine/remote';
import { SCRIPTS } from './scripts';

export const OFFLINE_BUNDLE_CHECK_ID = 'offline-bundle';

/** What scripts/offline.sh saw on one node. */
export interface OfflineProbe {
  bundle: boolean;
  manifest: boolean;
  /** Wanted packages the bundle lacks, as `name` or `name version` (with what it holds). */
  missingPackages: string[];
  packagesOk: number;
  /** Wanted image archives the bundle lacks, by path inside the bundle. */
  missingImages: string[];
  imagesOk: number;
}

export function parseOfflineProbe(stdout: string): OfflineProbe | undefined {
  if (!stdout.includes('@@KL:end')) return undefined;
  const p: OfflineProbe = {
    bundle: false,
    manifest: false,
    missingPackages: [],
    packagesOk: 0,
    missingImages: [],
    imagesOk: 0,
  };
  for (const line of stdout.split('\n')) {
    const [kind = '', a = '', b = '', ...rest] = line.trim().split(' ');
    if (kind === 'bundle') p.bundle = a === 'present';
    else if (kind === 'manifest') p.manifest = a === 'present';
    else if (kind === 'package' && b === 'ok') p.packagesOk++;
    else if (kind === 'package' && b === 'missing') {
      const found = rest.join(' ').trim();
      p.missingPackages.push(found ? `${a} (bundle has ${found.replace(/,/g, ', ')})` : a);
    } else if (kind === 'image' && b === 'ok') p.imagesOk++;
    else if (kind === 'image' && b === 'missing') p.missingImages.push(a);
  }
  return p;
}

/**
 * What the plan needs on this machine from the bundle: its family's Kubernetes and runtime
 * packages (the upstream version when the plan pins one) and every image archive for its
 * architecture (bundleNeeds, the list the bundle was built from).
 */
export function offlineWants(
  plan: ClusterPlan,
  machine: BundleMachine,
): { family: 'deb' | 'rpm' | undefined; arch: string; packages: string[]; images: string[] } {
  const needs = bundleNeeds({ plan, machines: [machine] }).artifacts;
  const pkgs = needs.flatMap((a) => (a.kind === 'package' ? [a] : []));
  const first = pkgs[0];
  const packages = pkgs.map((a) => (a.version ? `${a.name} ${a.version}` : a.name));
  const images = needs.flatMap((a) =>
    a.kind === 'image' ? [imageArchivePath(a.image, machine.arch)] : [],
  );
  return {
    family: first?.family,
    arch: first?.arch ?? machine.arch,
    packages: [...new Set(packages)],
    images: [...new Set(images)],
  };
}

const PUSH_FIRST = {
  en: 'push the bundle first (kubelab bundle push)',
  zh: '请先推送离线包（kubelab bundle push）',
};

/** The check's result for one node from its probe (undefined: the probe did not finish). */
export function offlineBundleResult(
  nodeId: string,
  probe: OfflineProbe | undefined,
  evidence: string,
): CheckResult {
  const base = {
    checkId: OFFLINE_BUNDLE_CHECK_ID,
    nodeIds: [nodeId],
    severity: 'block' as const,
    evidence,
  };
  if (!probe) {
    return {
      ...base,
      status: 'unknown',
      message: {
        en: `Not checked: the offline bundle probe did not finish on this node (plan.offline).`,
        zh: `未检查：离线包探测未在此节点完成（plan.offline）。`,
      },
    };
  }
  if (!probe.bundle || !probe.manifest) {
    const what = probe.bundle ? `${NODE_BUNDLE_DIR}/manifest.json` : NODE_BUNDLE_DIR;
    return {
      ...base,
      status: 'fail',
      message: {
        en: `The plan says the machines have no internet (plan.offline), but this node has no ${what}: ${PUSH_FIRST.en}.`,
        zh: `计划设定机器无法访问互联网（plan.offline），但此节点没有 ${what}：${PUSH_FIRST.zh}。`,
      },
    };
  }
  const missing = [
    ...probe.missingPackages.map((p) => `package ${p}`),
    ...probe.missingImages.map((i) => `image ${i}`),
  ];
  if (missing.length > 0) {
    return {
      ...base,
      status: 'fail',
      message: {
        en: `The bundle in ${NODE_BUNDLE_DIR} lacks what the plan needs here, and with no internet the install would stop there: ${missing.join('; ')}. Build the bundle for this plan again and push it.`,
        zh: `${NODE_BUNDLE_DIR} 中的离线包缺少计划在此节点所需的内容，无网络时安装会在此中止：${missing.join('；')}。请为该计划重新构建离线包并推送。`,
      },
    };
  }
  return {
    ...base,
    status: 'pass',
    message: {
      en: `The bundle in ${NODE_BUNDLE_DIR} holds every package (${probe.packagesOk}) and image archive (${probe.imagesOk}) the plan needs here.`,
      zh: `${NODE_BUNDLE_DIR} 中的离线包包含计划在此节点所需的全部软件包（${probe.packagesOk}）和镜像归档（${probe.imagesOk}）。`,
    },
  };
}

/** Runs scripts/offline.sh on the node and judges what it saw. */
export async function checkOfflineBundle(
  plan: ClusterPlan,
  machine: BundleMachine,
  remote: Remote,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const wants = offlineWants(plan, machine);
  try {
    const res = await remote.exec(SCRIPTS.offline, {
      root: true,
      env: {
        KL_BUNDLE_DIR: NODE_BUNDLE_DIR,
        KL_FAMILY: wants.family ?? '',
        KL_ARCH: wants.arch,
        KL_PACKAGES: wants.packages.join('\n'),
        KL_IMAGES: wants.images.join('\n'),
      },
      timeoutMs: 60_000,
      signal,
    });
    const evidence = res.stdout.replace(/\n?@@KL:end\n?/, '').trim();
    return offlineBundleResult(machine.nodeId, parseOfflineProbe(res.stdout), evidence);
  } catch (err) {
    // One node's failed probe is that node's unknown, not the whole preflight's failure.
    return offlineBundleResult(
      machine.nodeId,
      undefined,
      err instanceof Error ? err.message : String(err),
    );
  }
}
