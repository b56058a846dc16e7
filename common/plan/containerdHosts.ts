import { CNI_REGISTRIES, type CniRegistry } from '../catalog/mirrors';
import type { EffectiveMirrors } from './effectiveMirrors';

/**
 * containerd registry mirrors through its hosts directory (containerd ≥ 1.5): the CRI plugin's
 * registry `config_path` points at /etc/containerd/certs.d, and each registry gets
 * `certs.d/<registry>/hosts.toml` naming its upstream `server` and the mirror `host`s tried first.
 * Sources: containerd docs/hosts.md ("Setup a Local Mirror for Docker", the `server` and `host`
 * fields) at v1.7.0 and v2.0.0, https://github.com/containerd/containerd/blob/v2.0.0/docs/hosts.md;
 * the config key is `[plugins."io.containerd.grpc.v1.cri".registry] config_path` in a version 2
 * config (containerd 1.6/1.7, docs/cri/config.md at v1.7.0) and
 * `[plugins."io.containerd.cri.v1.images".registry] config_path` in a version 3 config
 * (containerd 2.x, docs/cri/config.md at v2.0.0). The older `registry.mirrors` tables are
 * deprecated there and cannot be combined with config_path.
 */
export const CONTAINERD_HOSTS_DIR = '/etc/containerd/certs.d';

/** The upstream each registry namespace falls back to after its mirrors (docs/hosts.md). */
const UPSTREAM_SERVER: Record<CniRegistry, string> = {
  // docs/hosts.md's own Docker Hub example: the API lives on registry-1.docker.io.
  'docker.io': 'https://registry-1.docker.io',
  'ghcr.io': 'https://ghcr.io',
  'quay.io': 'https://quay.io',
};

export interface ContainerdRegistryHosts {
  /** The registry host namespace: the directory name under certs.d. */
  registry: CniRegistry;
  server: string;
  /** Mirror URLs in the order containerd tries them. */
  mirrors: string[];
}

const withScheme = (host: string): string =>
  /^https?:\/\//.test(host) ? host.replace(/\/+$/, '') : `https://${host.replace(/\/+$/, '')}`;

/**
 * One entry per registry the plan's mirror profile sends elsewhere: the registry mirror hosts
 * (`registries`) and, for Docker Hub, the Docker daemon's `registry-mirrors` too, so a containerd
 * node pulls through the same mirrors a Docker node would. A registry mirrored to itself
 * (the upstream profile) gets no file: containerd's default is the registry itself.
 */
export function containerdRegistryHosts(mirrors: EffectiveMirrors): ContainerdRegistryHosts[] {
  const entries: ContainerdRegistryHosts[] = [];
  for (const registry of CNI_REGISTRIES) {
    const candidates = [mirrors.registries[registry]];
    if (registry === 'docker.io') candidates.push(...mirrors.dockerRegistryMirrors);
    const urls = candidates
      .filter((h) => h && h.replace(/^https?:\/\//, '').replace(/\/+$/, '') !== registry)
      .map(withScheme);
    const unique = [...new Set(urls)];
    if (unique.length > 0) {
      entries.push({ registry, server: UPSTREAM_SERVER[registry], mirrors: unique });
    }
  }
  return entries;
}

/**
 * hosts.toml for one registry. Capabilities are pull and resolve: docs/hosts.md's table trusts a
 * public mirror with pull only, but then every tag is resolved against the upstream registry,
 * which is exactly what is unreachable where a mirror profile is needed (behind the firewall).
 */
export function renderHostsToml(entry: ContainerdRegistryHosts): string {
  const lines = [`server = "${entry.server}"`];
  for (const mirror of entry.mirrors) {
    lines.push('', `[host."${mirror}"]`, '  capabilities = ["pull", "resolve"]');
  }
  return `${lines.join('\n')}\n`;
}

/** The files under certs.d as `<registry>/hosts.toml` → content, for the step and the preview. */
export function containerdHostsFiles(mirrors: EffectiveMirrors): Map<string, string> {
  return new Map(
    containerdRegistryHosts(mirrors).map((e) => [`${e.registry}/hosts.toml`, renderHostsToml(e)]),
  );
}
