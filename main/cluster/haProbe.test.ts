// The live HA topology's parsers against real outputs: etcdctl 3.4.23's member list and endpoint
// status (tests/fixtures/real/etcd/README.md says how each was made), `ip -4 -o addr show` of
// Debian 12's iproute2 and scripts/ha-probe.sh's own layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  etcdMembers,
  holdsVip,
  memberListError,
  parseEndpointStatus,
  parseLeaseHolder,
  parseLivez,
  parseMemberList,
  probeSections,
} from './haProbe';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../../tests/fixtures/real/etcd', name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# source:'))
    .join('\n');

/**
 * `ip -4 -o addr show` captured on a lab control plane (lab instance 42, Debian 12's iproute2)
 * after `ip addr add <vip>/32 dev eth0`, the address keepalived adds; third octet renumbered.
 */
const ADDR_HOLDER = [
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 172.31.209.11/24 scope global eth0\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 172.31.209.100/32 scope global eth0\\       valid_lft forever preferred_lft forever',
].join('\n');

describe('the VIP holder', () => {
  it('is the machine whose interfaces carry the VIP, not one with a longer look-alike', () => {
    expect(holdsVip(ADDR_HOLDER, '172.31.209.100')).toBe(true);
    expect(holdsVip(ADDR_HOLDER, '172.31.209.10')).toBe(false);
    expect(holdsVip(ADDR_HOLDER, '172.31.209.1')).toBe(false);
    expect(holdsVip(ADDR_HOLDER, undefined)).toBe(false);
  });
});

describe('/livez', () => {
  it('ok only for the body "ok" with curl exit 0; otherwise names what came back', () => {
    expect(parseLivez('ok exit=0')).toEqual({ livez: 'ok', detail: 'ok' });
    expect(parseLivez(' exit=7')).toEqual({ livez: 'failed', detail: 'curl exit 7' });
    expect(parseLivez('[-]etcd failed: reason withheld\nlivez check failed exit=22').livez).toBe(
      'failed',
    );
    expect(parseLivez(undefined).livez).toBe('unknown');
  });
});

describe('etcd members and their leader', () => {
  const list = parseMemberList(fixture('member-list-two-3.4.23.txt'));

  it('reads the simple member list with hex IDs', () => {
    expect(list).toEqual([
      {
        id: '2943212f5e2cf73',
        status: 'started',
        name: 'm2',
        peerUrls: ['http://127.0.0.1:23802'],
        clientUrls: ['http://127.0.0.1:23792'],
      },
      {
        id: 'bdae9bbc11dd390d',
        status: 'started',
        name: 'm1',
        peerUrls: ['http://127.0.0.1:23801'],
        clientUrls: ['http://127.0.0.1:23791'],
      },
    ]);
    expect(memberListError(fixture('member-list-two-3.4.23.txt'))).toBeUndefined();
  });

  it('keeps the uint64 member and leader IDs exact (beyond a JavaScript number)', () => {
    const status = parseEndpointStatus(fixture('endpoint-status-cluster-3.4.23.json'));
    expect(status.map((s) => [s.memberId, s.leader])).toEqual([
      ['2943212f5e2cf73', '2943212f5e2cf73'],
      ['bdae9bbc11dd390d', '2943212f5e2cf73'],
    ]);
    const members = etcdMembers(list, status);
    expect(members.filter((m) => m.leader).map((m) => m.name)).toEqual(['m2']);
    expect(members.every((m) => m.answered)).toBe(true);
    expect(members[1]).toMatchObject({ version: '3.4.23', dbSize: 20480 });
  });

  it('a member down and no quorum: the other answers, nobody leads', () => {
    const text = fixture('endpoint-status-cluster-no-leader-3.4.23.txt');
    const status = parseEndpointStatus(text);
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({
      memberId: 'bdae9bbc11dd390d',
      errors: ['etcdserver: no leader'],
    });
    expect(status[0]?.leader).toBeUndefined();
    const members = etcdMembers(list, status);
    expect(members.map((m) => [m.name, m.answered, m.leader])).toEqual([
      ['m2', false, false],
      ['m1', true, false],
    ]);
  });

  it('an etcdctl error instead of members is named', () => {
    expect(memberListError('Error: context deadline exceeded')).toBe(
      'Error: context deadline exceeded',
    );
    expect(memberListError('etcdctl: command not found')).toBe('etcdctl: command not found');
  });
});

describe('the probe layout', () => {
  it('splits the sections scripts/ha-probe.sh prints', () => {
    const s = probeSections(
      ['@@addr', ADDR_HOLDER, '@@livez', 'ok exit=0', '@@end', ''].join('\n'),
    );
    expect(s.get('livez')).toBe('ok exit=0');
    expect(s.get('addr')).toContain('172.31.209.100/32');
    expect(s.has('end')).toBe(false);
  });
});

describe('kube-vip Lease holder', () => {
  // `kubectl get --raw /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/plndr-cp-lock`
  // on lab instance 42 (scenario ha-kube-vip, after the holder's API server stopped and the VIP
  // moved): the lab API server's Lease in the coordination.k8s.io/v1 shape.
  const LEASE =
    '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"plndr-cp-lock","namespace":"kube-system","generation":444,"resourceVersion":"2871","uid":"9540a7db-ac97-4e79-9acc-1a7ce79dec55","creationTimestamp":"2026-12-07T22:17:10Z"},"spec":{"holderIdentity":"master1","leaseDurationSeconds":5,"acquireTime":"2026-12-07T22:24:23.120000Z","renewTime":"2026-12-07T22:24:49.502000Z","leaseTransitions":2}}';

  it('is spec.holderIdentity; an error or an empty holder is none', () => {
    expect(parseLeaseHolder(LEASE)).toBe('master1');
    expect(
      parseLeaseHolder(
        'Error from server (NotFound): leases.coordination.k8s.io "plndr-cp-lock" not found',
      ),
    ).toBeUndefined();
    expect(parseLeaseHolder('{"spec":{"holderIdentity":""}}')).toBeUndefined();
    expect(parseLeaseHolder(undefined)).toBeUndefined();
  });
});
