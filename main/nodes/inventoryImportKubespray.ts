import { parse } from 'yaml';
import type { Draft, Parsed } from './inventoryImport';

/**
 * A Kubespray inventory as kubelab nodes: `hosts.yaml` (all.hosts with ansible_host / ip /
 * ansible_user / ansible_port, groups under all.children, nested through k8s_cluster) or the INI
 * form (`[all]` host lines with key=value variables, `[kube_control_plane]` sections naming the
 * hosts) — kubernetes-sigs/kubespray inventory/sample/inventory.ini. A host in
 * kube_control_plane (or the older kube-master) is a control plane, every other a worker.
 */
const CONTROL_PLANE_GROUPS = new Set(['kube_control_plane', 'kube-master', 'kube_master']);

export function looksLikeKubespray(text: string): boolean {
  return (
    /^\s*\[(kube_control_plane|kube-master|kube_node|kube-node)\]\s*$/m.test(text) ||
    /^\s+(kube_control_plane|kube_node):\s*$/m.test(text)
  );
}

interface Host {
  vars: Record<string, string>;
  controlPlane: boolean;
  line: number;
}

function lineOf(text: string, name: string): number {
  const i = text
    .split('\n')
    .findIndex(
      (l) =>
        new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[:\\s]`).test(l) ||
        l.trim() === name,
    );
  return i + 1;
}

function fromYaml(text: string, hosts: Map<string, Host>): void {
  const doc = parse(text) as { all?: unknown } | null;
  const walk = (group: unknown, name: string): void => {
    if (!group || typeof group !== 'object') return;
    const g = group as { hosts?: Record<string, unknown>; children?: Record<string, unknown> };
    for (const [host, vars] of Object.entries(g.hosts ?? {})) {
      const h = hosts.get(host) ?? { vars: {}, controlPlane: false, line: lineOf(text, host) };
      if (vars && typeof vars === 'object') {
        for (const [k, v] of Object.entries(vars)) h.vars[k] = String(v);
      }
      if (CONTROL_PLANE_GROUPS.has(name)) h.controlPlane = true;
      hosts.set(host, h);
    }
    for (const [child, sub] of Object.entries(g.children ?? {})) walk(sub, child);
  };
  walk(doc?.all, 'all');
}

function fromIni(text: string, hosts: Map<string, Host>): void {
  let section = 'all';
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head?.[1]) {
      section = head[1];
      return;
    }
    // `[group:children]` lists groups and `[group:vars]` variables, not hosts.
    if (section.includes(':')) return;
    const [name, ...pairs] = line.split(/\s+/);
    if (!name) return;
    const h = hosts.get(name) ?? { vars: {}, controlPlane: false, line: i + 1 };
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) h.vars[p.slice(0, eq)] = p.slice(eq + 1);
    }
    if (CONTROL_PLANE_GROUPS.has(section)) h.controlPlane = true;
    hosts.set(name, h);
  });
}

export function parseKubespray(text: string): Parsed {
  const hosts = new Map<string, Host>();
  const out: Parsed = { drafts: [], problems: [] };
  try {
    if (/^\s*\[/m.test(text) && !/^all:\s*$/m.test(text)) fromIni(text, hosts);
    else fromYaml(text, hosts);
  } catch (err) {
    out.problems.push({
      line: 1,
      message: `not a Kubespray inventory: ${err instanceof Error ? err.message : String(err)}`,
    });
    return out;
  }
  for (const [name, h] of hosts) {
    const address =
      h.vars.ansible_host ?? h.vars.ansible_ssh_host ?? h.vars.ip ?? h.vars.access_ip ?? name;
    const input: Draft['input'] = {
      name,
      address,
      role: h.controlPlane ? 'control-plane' : 'worker',
    };
    if (h.vars.ansible_user) input.user = h.vars.ansible_user;
    if (h.vars.ansible_port) {
      const port = Number(h.vars.ansible_port);
      if (Number.isInteger(port)) input.port = port;
      else
        out.problems.push({
          line: h.line,
          field: 'port',
          message: `${name}: ansible_port "${h.vars.ansible_port}" is not a number`,
        });
    }
    out.drafts.push({ line: h.line, input });
  }
  return out;
}
