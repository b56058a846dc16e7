import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HostFactsSchema } from '../../common/model/facts';
import { parseFacts, parseOsRelease, splitSections, versionOf } from './factsParser';
import { FACTS_SCRIPT } from './factsScript';

const ctx = {
  nodeId: 'n1',
  collectedAt: '2026-11-26T00:00:00.000Z',
  localClockMs: 1795716905243,
  sudo: { mode: 'root' as const },
};
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('facts parser', () => {
  it('parses output captured from a Debian 12 host (run as root)', () => {
    const f = parseFacts(fixture('facts-debian12-root.txt'), ctx);
    expect(HostFactsSchema.parse(f)).toEqual(f);
    expect(f.os).toEqual({
      id: 'debian',
      idLike: [],
      version: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(f.kernel).toBe('6.18.44-fc-v669');
    expect(f.arch).toBe('x86_64');
    expect(f.cpus).toBe(2);
    expect(f.memoryBytes).toBe(24684084 * 1024);
    expect(f.disks).toContainEqual({ name: 'vda', sizeBytes: 274877906944, type: 'disk' });
    expect(f.filesystems).toEqual([
      { mount: '/', sizeBytes: 270553174016, availableBytes: 84285054976 },
    ]);
    expect(f.hostname).toBe('vm');
    expect(f.machineId).toBe('3d1219c7c4c5404aaa1f6d2a48adfda4');
    expect(f.productUuid).toBeUndefined();
    const eth0 = f.interfaces.find((i) => i.name === 'eth0');
    expect(eth0).toEqual({
      name: 'eth0',
      state: 'UP',
      mac: '02:fc:00:00:00:01',
      addresses: [
        { family: 'inet', address: '192.0.2.2', prefix: 24 },
        { family: 'inet6', address: 'fd00::2', prefix: 64 },
        { family: 'inet6', address: 'fe80::fc:ff:fe00:1', prefix: 64 },
      ],
    });
    // veth names carry "@ifN" in `ip link` but not in `ip addr`: one interface, not two.
    expect(f.interfaces.filter((i) => i.name.startsWith('klab-h2'))).toHaveLength(1);
    expect(f.defaultRoute).toEqual({ iface: 'eth0', gateway: '192.0.2.1' });
    expect(f.swap).toEqual({ active: [], fstab: [] });
    expect(f.selinux).toBe('absent');
    expect(f.firewall).toEqual({
      firewalld: 'absent',
      ufw: 'absent',
      iptablesForwardPolicy: 'ACCEPT',
    });
    expect(f.cgroup).toBe('v1');
    expect(f.binaries).toEqual([
      { name: 'docker', path: '/usr/local/bin/docker', version: '28.2.2' },
      { name: 'kubectl', path: '/usr/bin/kubectl', version: 'v1.32.4-dispatcher' },
    ]);
    expect(f.clockOffsetMs).toBe(0);
  });

  it('parses output captured from lab nodes: Rocky 9-like (SELinux, firewalld) and Ubuntu 20.04-like', () => {
    const rocky = parseFacts(fixture('facts-lab-rocky9-sudo.txt'), {
      ...ctx,
      sudo: { mode: 'password' },
    });
    expect(HostFactsSchema.parse(rocky)).toEqual(rocky);
    expect(rocky.os).toEqual({
      id: 'rocky',
      idLike: ['rhel', 'centos', 'fedora'],
      version: '9.3',
      prettyName: 'Rocky Linux 9.3 (Blue Onyx)',
    });
    expect(rocky.kernel).toBe('5.14.0-362.8.1.el9_3.x86_64');
    expect(rocky.hostname).toBe('master1');
    expect(rocky.productUuid).toBe('3a504eea-be06-431b-b480-f35310c49ab9');
    expect(rocky.selinux).toBe('enforcing');
    expect(rocky.firewall).toEqual({
      firewalld: 'active',
      ufw: 'absent',
      iptablesForwardPolicy: 'ACCEPT',
    });
    expect(rocky.interfaces.find((i) => i.name === 'eth0')).toMatchObject({
      mac: '1e:6b:24:fe:9f:73',
      addresses: [{ address: '172.31.243.11', prefix: 24 }, { family: 'inet6' }],
    });
    expect(rocky.defaultRoute).toBeUndefined(); // the lab's nodes have no default route
    expect(rocky.filesystems.map((f) => f.mount)).toEqual(['/', '/var']);
    expect(rocky.cgroup).toBe('unknown'); // a namespace without its own cgroup mount: not guessed
    const ubuntu = parseFacts(fixture('facts-lab-ubuntu2004-sudo.txt'), ctx);
    expect(ubuntu.os.id).toBe('ubuntu');
    expect(ubuntu.os.idLike).toEqual(['debian']);
    expect(ubuntu.os.version).toBe('20.04');
    expect(ubuntu.selinux).toBe('absent');
    expect(ubuntu.firewall.firewalld).toBe('absent');
    expect(ubuntu.machineId).not.toBe(rocky.machineId);
  });

  it('reads quoting in os-release and tool version lines', () => {
    expect(
      parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\nNAME=\'Rocky\''),
    ).toEqual({
      ID: 'rocky',
      ID_LIKE: 'rhel centos fedora',
      VERSION_ID: '9.4',
      NAME: 'Rocky',
    });
    expect(versionOf('Kubernetes v1.28.2')).toBe('v1.28.2');
    expect(
      versionOf('containerd containerd.io 1.6.26 3dd1e886e55dd695541fdcd67420c2888645a495'),
    ).toBe('1.6.26');
    expect(versionOf('crictl version v1.28.0')).toBe('v1.28.0');
    expect(versionOf('no version here')).toBeUndefined();
  });

  it('runs the real script under bash here and parses it into valid facts', () => {
    const out = execFileSync('bash', ['-c', FACTS_SCRIPT], { encoding: 'utf8', timeout: 30_000 });
    expect([...splitSections(out).keys()]).toContain('end');
    const f = parseFacts(out, { ...ctx, localClockMs: Date.now() });
    expect(HostFactsSchema.safeParse(f).success).toBe(true);
    expect(f.cpus).toBeGreaterThan(0);
    expect(Math.abs(f.clockOffsetMs)).toBeLessThan(5_000);
    expect(f.interfaces.some((i) => i.name === 'lo')).toBe(true);
  });
});
