import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import { createInventoryService } from './inventoryService';
import { MemoryInventoryStore } from './inventoryStore';
import { addressProblem } from './inventoryValidation';

const base = { user: 'root', auth: 'password' as const };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('inventory service', () => {
  it('adds nodes with derived ids and refuses bad fields, naming them', async () => {
    const store = new MemoryInventoryStore();
    const inv = createInventoryService(store);
    const m = await inv.add({
      ...base,
      name: 'Master_1',
      address: '192.168.100.111',
      role: 'control-plane',
    });
    expect(m).toMatchObject({ id: 'master-1', port: 22, labels: {} });
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: 'a', address: '192.168.100.300' }, 'address', /not a valid IPv4/],
      [{ name: 'b', address: 'fe80::1::2' }, 'address', /not a valid IPv6/],
      [{ name: 'c', address: 'bad_host!.lan' }, 'address', /DNS name/],
      [{ name: 'd', address: '10.0.0.1', port: 70000 }, 'port', /1 to 65535/],
      [{ name: 'e', address: '10.0.0.2', user: '' }, 'user', /must not be empty/],
      [{ name: 'MASTER_1', address: '10.0.0.3' }, 'name', /already used/],
      [{ name: 'f', address: '192.168.100.111' }, 'address', /already node "Master_1"/],
      [{ name: 'g', address: '10.0.0.4', jumpHost: 'nope' }, 'jumpHost', /no node/],
      [{ name: 'h', address: '10.0.0.5; rm -rf /' }, 'address', /not a valid/],
      // Shell syntax in a name or a label is refused when it is typed, not at install time.
      [{ name: 'x$(touch /tmp/x)', address: '10.0.0.6' }, 'name', /"\$" \(shell meta/],
      [{ name: 'q"uote', address: '10.0.0.7' }, 'name', /"""/],
      [{ name: 'Master 2', address: '10.0.0.8' }, 'name', /whitespace/],
      [{ name: 'i', address: '10.0.0.9', labels: { zone: '`id`' } }, 'labels.zone', /"`"/],
      [
        { name: 'j', address: '10.0.0.10', labels: { 'a;b': 'c' } },
        'labels.a;b',
        /not a valid Kubernetes label key/,
      ],
    ];
    for (const [input, field, message] of cases) {
      const err = await refusal(inv.add({ ...base, ...input } as Parameters<typeof inv.add>[0]));
      expect(err.field, JSON.stringify(input)).toBe(field);
      expect(err.message).toMatch(message);
    }
    expect(await store.load()).toHaveLength(1); // nothing half-written
    // Same address on another port is another machine (port-forwarded VMs).
    await inv.add({ ...base, name: 'nat2', address: '192.168.100.111', port: 2222 });
    expect(await inv.add({ ...base, name: 'v6', address: '[fd00::10]' })).toMatchObject({
      address: 'fd00::10',
    });
    expect((await inv.add({ ...base, name: 'dns', address: 'node-1.lab.example' })).id).toBe('dns');
  });

  it('keeps the pinned host key on edits unless the address or port changes', async () => {
    const inv = createInventoryService(new MemoryInventoryStore());
    await inv.add({ ...base, name: 'n1', address: '10.1.0.1' });
    const key = { algorithm: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` };
    await inv.pinHostKey('n1', key);
    expect((await inv.update('n1', { role: 'control-plane' })).hostKey).toEqual(key);
    expect((await inv.update('n1', { address: '10.1.0.2' })).hostKey).toBeUndefined();
    expect((await refusal(inv.update('n1', { port: 0 }))).field).toBe('port');
  });

  it("imports the guide's list, guessing roles and skipping the trailing note", async () => {
    const inv = createInventoryService(new MemoryInventoryStore());
    const text =
      'master1: 192.168.100.111\nnode1: 192.168.100.116\nnode2: 192.168.100.117\nnode3: 192.168.100.118 (先不加入到集群,等集群搭建完毕后,以新结点添加到集群中)\n';
    const res = await inv.import({ format: 'auto', text, defaults: { user: 'root' } });
    expect(res.problems).toEqual([]);
    expect(res.added.map((n) => [n.id, n.address, n.role])).toEqual([
      ['master1', '192.168.100.111', 'control-plane'],
      ['node1', '192.168.100.116', 'worker'],
      ['node2', '192.168.100.117', 'worker'],
      ['node3', '192.168.100.118', 'worker'],
    ]);
    // Importing again: every line is a duplicate, reported by line, nothing added.
    const again = await inv.import({ format: 'list', text });
    expect(again.added).toEqual([]);
    expect(again.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'name'],
      [1, 'address'],
      [2, 'name'],
      [2, 'address'],
      [3, 'name'],
      [3, 'address'],
      [4, 'name'],
      [4, 'address'],
    ]);
    expect(await inv.list()).toHaveLength(4);
  });

  it('imports CSV with a header and refuses the whole file if one row is bad', async () => {
    const inv = createInventoryService(new MemoryInventoryStore());
    const good =
      'name,address,port,user,role,labels\ncp1,10.2.0.1,22,kube,control-plane,zone=a;disk=ssd\nw1,"10.2.0.2",2200,kube,worker,\n';
    const res = await inv.import({ format: 'auto', text: good });
    expect(res.problems).toEqual([]);
    expect(res.added[0]).toMatchObject({
      id: 'cp1',
      user: 'kube',
      role: 'control-plane',
      labels: { zone: 'a', disk: 'ssd' },
    });
    expect(res.added[1]).toMatchObject({ port: 2200, role: 'worker' });
    const bad = 'name,address,port\nw2,10.2.0.3,22\nw3,10.2.0.999,22\n';
    const r2 = await inv.import({ format: 'csv', text: bad });
    expect(r2.problems).toEqual([
      { line: 3, field: 'address', message: '"10.2.0.999" is not a valid IPv4 address' },
    ]);
    expect(await inv.list()).toHaveLength(2);
  });

  it('imports Host blocks of an ssh config, with IdentityFile and a one-hop ProxyJump', async () => {
    const inv = createInventoryService(new MemoryInventoryStore());
    const text = [
      'Host *',
      '  ServerAliveInterval 30',
      'Host bastion',
      '  HostName 203.0.113.10',
      '  User admin',
      'Host k8s-master1 m1',
      '  HostName 10.3.0.11',
      '  User kube',
      '  Port 2222',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  ProxyJump bastion',
      'Host w?',
      '  User x',
    ].join('\n');
    const res = await inv.import({ format: 'auto', text, defaults: { auth: 'agent' } });
    expect(res.problems).toEqual([]);
    expect(res.added).toEqual([
      {
        id: 'bastion',
        name: 'bastion',
        address: '203.0.113.10',
        port: 22,
        user: 'admin',
        auth: 'agent',
        role: 'worker',
        labels: {},
      },
      {
        id: 'k8s-master1',
        name: 'k8s-master1',
        address: '10.3.0.11',
        port: 2222,
        user: 'kube',
        auth: 'key',
        keyPath: '~/.ssh/id_ed25519',
        role: 'control-plane',
        labels: {},
        jumpHost: 'bastion',
      },
    ]);
  });

  it('will not remove a node that others use as their jump host', async () => {
    const inv = createInventoryService(new MemoryInventoryStore());
    await inv.add({ ...base, name: 'j', address: '10.4.0.1' });
    await inv.add({ ...base, name: 'n', address: '10.4.0.2', jumpHost: 'j' });
    expect((await refusal(inv.remove('j'))).message).toMatch(/jump host of n/);
    expect(await inv.remove('n')).toBe(true);
    expect(await inv.remove('j')).toBe(true);
    expect(await inv.remove('j')).toBe(false);
  });

  it('accepts the address forms it should', () => {
    for (const ok of [
      '10.0.0.1',
      '::1',
      'fd00::1',
      'master1',
      'a.b-c.example.',
      'xn--fiq228c.cn',
    ]) {
      expect(addressProblem(ok), ok).toBeUndefined();
    }
    for (const bad of [
      '',
      '1.2.3',
      '01.2.3.4.5',
      '-lead.example',
      'a..b',
      '1.2.3.4/24',
      '$(id)',
      'fe80::1%eth0',
    ]) {
      expect(addressProblem(bad), bad).toBeDefined();
    }
  });
});
