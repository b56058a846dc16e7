import type { NodeSpec } from '../model/node';

/**
 * The inventory in Kubespray's groups, so the same file drives kubelab's playbook and Kubespray:
 * `kube_control_plane`, `etcd` (kubeadm's stacked etcd: the control planes), `kube_node` and
 * `k8s_cluster` (their parent) — kubernetes-sigs/kubespray inventory/sample/inventory.ini
 * (commit 77b89dbb) — with per-host `ansible_host`, `ip` (the address Kubernetes binds to) and
 * `access_ip` (the address other nodes reach it at), the variables of Kubespray's hosts.yaml
 * (docs/ansible/inventory.md). A node without workers of its own (a single control plane) is
 * also in kube_node, as Kubespray's one-node example puts node1 in every group.
 */
export interface InventoryHost {
  ansible_host: string;
  ansible_port: number;
  ansible_user: string;
  ip: string;
  access_ip: string;
  ansible_ssh_private_key_file?: string;
}

interface Group {
  hosts?: Record<string, null>;
  children?: Record<string, null>;
}

export interface Inventory {
  all: {
    hosts: Record<string, InventoryHost>;
    children: Record<string, Group>;
  };
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/**
 * The inventory name of a node: its name when that is a host name (Kubespray names the
 * Kubernetes node after it), else its id (always a DNS label).
 */
export function inventoryName(node: NodeSpec): string {
  return HOSTNAME.test(node.name) ? node.name : node.id;
}

function hostsOf(nodes: readonly NodeSpec[]): Record<string, null> {
  return Object.fromEntries(nodes.map((n) => [inventoryName(n), null]));
}

export function buildInventory(nodes: readonly NodeSpec[]): Inventory {
  const controlPlanes = nodes.filter((n) => n.role === 'control-plane');
  const workers = nodes.filter((n) => n.role === 'worker');
  const hosts: Record<string, InventoryHost> = {};
  for (const n of nodes) {
    hosts[inventoryName(n)] = {
      ansible_host: n.address,
      ansible_port: n.port,
      ansible_user: n.user,
      ip: n.address,
      access_ip: n.address,
      // A path, not a secret; a passphrase or password is asked by Ansible at run time.
      ...(n.auth === 'key' && n.keyPath ? { ansible_ssh_private_key_file: n.keyPath } : {}),
    };
  }
  return {
    all: {
      hosts,
      children: {
        kube_control_plane: { hosts: hostsOf(controlPlanes) },
        etcd: { hosts: hostsOf(controlPlanes) },
        kube_node: { hosts: hostsOf(workers.length > 0 ? workers : controlPlanes) },
        k8s_cluster: { children: { kube_control_plane: null, kube_node: null } },
      },
    },
  };
}
