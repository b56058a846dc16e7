/**
 * Facts from the practice lab's nodes over real SSH (sshd in network namespaces): an Ubuntu-like
 * node (guide scenario) and a Rocky-like node (rocky scenario), logged in as the lab's sudo user.
 * Uses its own lab instance (LAB_INSTANCE=7) so it never disturbs another engineer's lab.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFactsSchema } from '../../../common/model/facts';
import { gatherFacts } from '../../../main/nodes/factsService';
import { harness, node } from './harness';

const LAB_SH = join(import.meta.dirname, '..', '..', 'lab', 'lab.sh');
const ENV = { ...process.env, LAB_INSTANCE: '7', LAB_STATE: '', LAB_SUBNET: '', LAB_BRIDGE: '' };
const usable = process.getuid?.() === 0 && existsSync(LAB_SH);
const run = usable ? describe : describe.skip;

interface LabNode {
  name: string;
  address: string;
  port: number;
  users: Array<{ user: string; password: string; sudo: boolean }>;
  hostKey: { algorithm: string; fingerprint: string };
}

function labUp(scenario: string): LabNode[] {
  spawnSync('bash', [LAB_SH, 'down'], { env: ENV, stdio: 'ignore' });
  execFileSync('bash', [LAB_SH, 'up', scenario], { env: ENV, stdio: 'ignore', timeout: 300_000 });
  const status = JSON.parse(
    execFileSync('bash', [LAB_SH, 'status', '--json'], { env: ENV, encoding: 'utf8' }),
  ) as { nodes: LabNode[] };
  return status.nodes;
}

async function factsOf(n: LabNode): ReturnType<typeof gatherFacts> {
  const sudoer = n.users.find((u) => u.sudo);
  if (!sudoer) throw new Error(`lab node ${n.name} has no sudo user`);
  const spec = { ...node('lab', n.port, sudoer.user), address: n.address, hostKey: n.hostKey };
  const h = harness([spec], { passwords: { lab: sudoer.password } });
  try {
    return await gatherFacts(h.pool, { secrets: h.secrets }, 'lab');
  } finally {
    h.close();
  }
}

run('facts from practice-lab nodes', () => {
  afterAll(() => {
    spawnSync('bash', [LAB_SH, 'down'], { env: ENV, stdio: 'ignore' });
  });

  it('reads an Ubuntu-like node (guide scenario)', async () => {
    const nodes = labUp('guide');
    const master = nodes.find((n) => n.name === 'master1') as LabNode;
    const f = await factsOf(master);
    expect(HostFactsSchema.parse(f)).toEqual(f);
    expect(f.os.id).toBe('ubuntu');
    expect(f.hostname).toBe('master1');
    expect(f.sudo.mode).toBe('password');
    expect(f.selinux).toBe('absent');
    expect(f.interfaces.some((i) => i.addresses.some((a) => a.address === master.address))).toBe(
      true,
    );
    expect(f.productUuid).toMatch(/^[0-9a-f-]{36}$/);
    // Cloned-VM checks need these to differ between nodes.
    const other = await factsOf(nodes.find((n) => n.name === 'node1') as LabNode);
    expect(other.machineId).not.toBe(f.machineId);
  });

  it('reads a Rocky-like node (rocky scenario): SELinux enforcing, firewalld active', async () => {
    const nodes = labUp('rocky');
    const f = await factsOf(nodes[0] as LabNode);
    expect(f.os).toMatchObject({ id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] });
    expect(f.selinux).toBe('enforcing');
    expect(f.firewall.firewalld).toBe('active');
    expect(f.firewall.iptablesForwardPolicy).toBeDefined();
  });
});
