import { z } from 'zod';

/**
 * What kubelab learned about a node in one round trip (main/nodes/factsScript.ts). Preflight
 * checks read these; nothing here is a secret. Fields a node could not report are left out or
 * `unknown` rather than guessed.
 */
export const AddressSchema = z.object({
  family: z.enum(['inet', 'inet6']),
  address: z.string(),
  prefix: z.number().int().min(0).max(128),
});

export const InterfaceSchema = z.object({
  name: z.string(),
  mac: z.string().optional(),
  state: z.string(),
  addresses: z.array(AddressSchema),
});

export const DiskSchema = z.object({
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  type: z.string(),
});

export const FsUsageSchema = z.object({
  mount: z.string(),
  sizeBytes: z.number().nonnegative(),
  availableBytes: z.number().nonnegative(),
});

export const BinarySchema = z.object({
  name: z.string(),
  path: z.string(),
  version: z.string().optional(),
});

export const SUDO_MODES = ['root', 'nopasswd', 'password', 'unavailable'] as const;

export const HostFactsSchema = z.object({
  nodeId: z.string(),
  collectedAt: z.string(),
  os: z.object({
    id: z.string(),
    idLike: z.array(z.string()),
    version: z.string(),
    prettyName: z.string(),
  }),
  kernel: z.string(),
  arch: z.string(),
  cpus: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  disks: z.array(DiskSchema),
  filesystems: z.array(FsUsageSchema),
  hostname: z.string(),
  machineId: z.string().optional(),
  productUuid: z.string().optional(),
  interfaces: z.array(InterfaceSchema),
  defaultRoute: z.object({ iface: z.string(), gateway: z.string().optional() }).optional(),
  swap: z.object({
    active: z.array(z.object({ name: z.string(), type: z.string(), sizeKb: z.number() })),
    fstab: z.array(z.string()),
  }),
  selinux: z.enum(['enforcing', 'permissive', 'disabled', 'absent']),
  firewall: z.object({
    firewalld: z.enum(['active', 'inactive', 'absent']),
    ufw: z.enum(['active', 'inactive', 'absent', 'unknown']),
    iptablesForwardPolicy: z.enum(['ACCEPT', 'DROP', 'REJECT']).optional(),
  }),
  cgroup: z.enum(['v1', 'v2', 'unknown']),
  binaries: z.array(BinarySchema),
  /** Node clock minus the admin's clock, in ms (± half a round trip). */
  clockOffsetMs: z.number(),
  sudo: z.object({ mode: z.enum(SUDO_MODES), error: z.string().optional() }),
});
export type HostFacts = z.infer<typeof HostFactsSchema>;
export type NetInterface = z.infer<typeof InterfaceSchema>;
