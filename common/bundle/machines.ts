import type { FieldError } from '../model/plan';
import type { BundleMachine } from './schema';

/**
 * A machine's package family, architecture and release as its repositories name them.
 *
 * - Family: the same rule as the steps' `kl_family` (main/steps/scripts/lib.sh): os-release ID or
 *   ID_LIKE containing debian/ubuntu is deb; rhel/fedora/centos/rocky/almalinux is rpm.
 * - Architecture: `uname -m` prints x86_64/aarch64; Debian names them amd64/arm64
 *   (https://wiki.debian.org/SupportedArchitectures), rpm keeps the kernel's names (yum's
 *   $basearch).
 * - Codename: Docker CE's apt repository is per codename (`dists/<codename>/stable`,
 *   https://docs.docker.com/engine/install/ubuntu/ and /debian/); os-release VERSION_ID maps to
 *   it by https://wiki.ubuntu.com/Releases and https://www.debian.org/releases/.
 * - rpm release: Docker's yum baseurl uses $releasever, the major version (`9` for Rocky 9.4).
 */
export type MachineFamily = 'deb' | 'rpm';

export interface MachineRelease {
  family: MachineFamily;
  arch: string;
  /** deb: `ubuntu` or `debian` (Docker's directory); rpm: `centos` (Docker's one RHEL tree). */
  dockerOs: 'ubuntu' | 'debian' | 'centos';
  /** deb: the codename (`jammy`); rpm: the major version (`9`). */
  release: string;
}

const UBUNTU_CODENAMES: Readonly<Record<string, string>> = {
  '18.04': 'bionic',
  '20.04': 'focal',
  '22.04': 'jammy',
  '24.04': 'noble',
};

const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  '10': 'buster',
  '11': 'bullseye',
  '12': 'bookworm',
  '13': 'trixie',
};

const DEB_IDS = ['debian', 'ubuntu'];
const RPM_IDS = ['rhel', 'fedora', 'centos', 'rocky', 'almalinux'];
const DEB_ARCH: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64' };

function familyOf(m: BundleMachine): MachineFamily | undefined {
  const ids = [m.osId, ...m.osIdLike].map((s) => s.toLowerCase());
  if (ids.some((id) => DEB_IDS.includes(id))) return 'deb';
  if (ids.some((id) => RPM_IDS.includes(id))) return 'rpm';
  return undefined;
}

function fieldError(field: string, en: string, zh: string): FieldError {
  return { field, message: en, messageZh: zh };
}

/** The machine's release, or the field error that says why it cannot be bundled for. */
export function machineRelease(
  m: BundleMachine,
  index: number,
): { ok: true; release: MachineRelease } | { ok: false; error: FieldError } {
  const at = `machines.${index}`;
  const family = familyOf(m);
  if (!family) {
    return {
      ok: false,
      error: fieldError(
        `${at}.osId`,
        `${m.nodeId}: the OS "${m.osId}" is neither Debian/Ubuntu nor RHEL-like; kubelab has no packages for it.`,
        `${m.nodeId}：操作系统 "${m.osId}" 既不是 Debian/Ubuntu 也不是 RHEL 系；kubelab 没有它的软件包。`,
      ),
    };
  }
  if (family === 'rpm') {
    if (m.arch !== 'x86_64' && m.arch !== 'aarch64') return { ok: false, error: archError(m, at) };
    const major = /^(\d+)/.exec(m.osVersion)?.[1];
    if (!major) return { ok: false, error: versionError(m, at) };
    return { ok: true, release: { family, arch: m.arch, dockerOs: 'centos', release: major } };
  }
  const arch = DEB_ARCH[m.arch];
  if (!arch) return { ok: false, error: archError(m, at) };
  const debian = m.osId.toLowerCase() === 'debian';
  const codename = debian
    ? DEBIAN_CODENAMES[m.osVersion.split('.')[0] ?? '']
    : UBUNTU_CODENAMES[m.osVersion];
  if (!codename) return { ok: false, error: versionError(m, at) };
  return {
    ok: true,
    release: { family, arch, dockerOs: debian ? 'debian' : 'ubuntu', release: codename },
  };
}

function archError(m: BundleMachine, at: string): FieldError {
  return fieldError(
    `${at}.arch`,
    `${m.nodeId}: the architecture "${m.arch}" is not one kubelab bundles (x86_64, aarch64).`,
    `${m.nodeId}：kubelab 不为架构 "${m.arch}" 打包（支持 x86_64、aarch64）。`,
  );
}

function versionError(m: BundleMachine, at: string): FieldError {
  return fieldError(
    `${at}.osVersion`,
    `${m.nodeId}: ${m.osId} ${m.osVersion} is not a release kubelab knows the repositories of.`,
    `${m.nodeId}：kubelab 不知道 ${m.osId} ${m.osVersion} 这个版本的软件源。`,
  );
}
