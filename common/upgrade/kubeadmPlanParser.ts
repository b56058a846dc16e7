/**
 * Reads `kubeadm upgrade plan`'s text output. Two table formats exist (fixtures with their sources
 * in tests/fixtures/real/upgrade-plan/):
 * - up to 1.29: `COMPONENT   CURRENT   AVAILABLE` (`TARGET` from 1.21, kubernetes/kubernetes#98728),
 *   kubelets counted per version (`Kubelet     3 x v1.18.2   v1.19.16`, further versions on
 *   continuation rows that start with spaces), components named `API Server`, `Controller
 *   Manager`, `Scheduler`, `Kube Proxy`, `Etcd` before 1.20 and by their binary names after;
 * - from 1.30: a `NODE` column, one kubelet row per node and the node of each control-plane
 *   component (kubernetes/kubernetes#123578, merged in the 1.30 cycle: a v1.30.0-alpha.3 build
 *   in kubernetes/kubernetes#123068 still prints the count format); kube-proxy and CoreDNS have
 *   no node, and kube-proxy's CURRENT lost its `v` (`1.31.1`).
 * Cells are separated by two or more spaces (kubeadm prints with text/tabwriter, padding 3), so a
 * cell like `1 x v1.17.3` or `API Server` stays whole.
 */

export type PlanTableFormat = 'count' | 'node';

export interface KubeletRow {
  /** NODE format only. */
  node?: string;
  /** Count format only: how many kubelets are on `current`. */
  count?: number;
  current: string;
  target: string;
}

export interface ComponentRow {
  /** Normalised: kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy, CoreDNS, etcd. */
  name: string;
  node?: string;
  current: string;
  target: string;
}

export interface KubeadmUpgradeOption {
  /** `Upgrade to the latest version in the v1.18 series` / `Upgrade to the latest stable version`. */
  description: string;
  kubelets: KubeletRow[];
  components: ComponentRow[];
  /** The version of `kubeadm upgrade apply vX` kubeadm suggests, without the `v`. */
  applyVersion?: string;
}

export interface KubeadmUpgradePlanOutput {
  format: PlanTableFormat | 'none';
  clusterVersion?: string;
  kubeadmVersion?: string;
  upgrades: KubeadmUpgradeOption[];
}

const OLD_NAMES: Readonly<Record<string, string>> = {
  'API Server': 'kube-apiserver',
  'Controller Manager': 'kube-controller-manager',
  Scheduler: 'kube-scheduler',
  'Kube Proxy': 'kube-proxy',
  Etcd: 'etcd',
};

const MANUAL_HEADER = 'Components that must be upgraded manually';
const COUNT_CELL = /^(\d+) x (v?\S+)$/;

/** Versions are compared without kubeadm's inconsistent `v` (kube-proxy prints `1.31.1`). */
export function bareVersion(v: string): string {
  return v.trim().replace(/^v/, '');
}

function cells(line: string): string[] {
  return line
    .trim()
    .split(/\s{2,}/)
    .filter((c) => c.length > 0);
}

function versionLine(text: string, label: string): string | undefined {
  const m = new RegExp(`\\[upgrade/versions\\] ${label}: (\\S+)`).exec(text);
  return m?.[1] ? bareVersion(m[1]) : undefined;
}

function kubeletRow(row: string[], hasNode: boolean): KubeletRow | undefined {
  if (hasNode && row.length === 3) {
    const [node, current, target] = row as [string, string, string];
    return { node, current: bareVersion(current), target: bareVersion(target) };
  }
  if (row.length !== 2) return undefined;
  const count = COUNT_CELL.exec(row[0] ?? '');
  if (!count) return undefined;
  return {
    count: Number(count[1]),
    current: bareVersion(count[2] ?? ''),
    target: bareVersion(row[1] ?? ''),
  };
}

function componentRow(row: string[], hasNode: boolean): ComponentRow | undefined {
  const name = OLD_NAMES[row[0] ?? ''] ?? row[0];
  if (!name) return undefined;
  if (hasNode && row.length === 4) {
    return {
      name,
      node: row[1],
      current: bareVersion(row[2] ?? ''),
      target: bareVersion(row[3] ?? ''),
    };
  }
  if (row.length !== 3) return undefined;
  return { name, current: bareVersion(row[1] ?? ''), target: bareVersion(row[2] ?? '') };
}

export function parseKubeadmUpgradePlan(text: string): KubeadmUpgradePlanOutput {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const upgrades: KubeadmUpgradeOption[] = [];
  let format: PlanTableFormat | 'none' = 'none';
  let current: KubeadmUpgradeOption | undefined;
  let table: 'kubelet' | 'components' | undefined;
  let hasNode = false;
  let lastComponent: string | undefined;

  const open = (): KubeadmUpgradeOption => {
    const option: KubeadmUpgradeOption = { description: '', kubelets: [], components: [] };
    upgrades.push(option);
    return option;
  };

  for (const line of lines) {
    if (line.startsWith(MANUAL_HEADER)) {
      current = open();
      table = undefined;
      continue;
    }
    const upgradeTo = /^(Upgrade to the latest .*):$/.exec(line);
    if (upgradeTo) {
      current ??= open();
      current.description = upgradeTo[1] ?? '';
      table = undefined;
      continue;
    }
    const apply = /kubeadm upgrade apply (v?\d+\.\d+\.\d+\S*)/.exec(line);
    if (apply && current) {
      current.applyVersion = bareVersion(apply[1] ?? '');
      current = undefined;
      table = undefined;
      continue;
    }
    if (/^COMPONENT\s/.test(line) && current) {
      hasNode = /\sNODE\s/.test(line);
      format = hasNode ? 'node' : 'count';
      table = current.description === '' ? 'kubelet' : 'components';
      continue;
    }
    if (line.trim() === '') {
      table = undefined;
      continue;
    }
    if (!current || !table) continue;
    const row = cells(line);
    const continuation = /^\s/.test(line);
    if (table === 'kubelet') {
      // The count format puts further kubelet versions on rows without the component name.
      const parsed = kubeletRow(continuation ? row : row.slice(1), hasNode);
      if (
        parsed &&
        (continuation ? lastComponent === 'kubelet' : /^kubelet$/i.test(row[0] ?? ''))
      ) {
        current.kubelets.push(parsed);
        lastComponent = 'kubelet';
      }
      continue;
    }
    const parsed = componentRow(row, hasNode);
    if (parsed) {
      current.components.push(parsed);
      lastComponent = parsed.name;
    }
  }

  return {
    format,
    clusterVersion: versionLine(text, 'Cluster version'),
    kubeadmVersion: versionLine(text, 'kubeadm version'),
    upgrades,
  };
}
