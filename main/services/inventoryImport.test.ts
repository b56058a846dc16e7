import { describe, expect, it } from 'vitest';
import { detectFormat, parseCsv, parseList } from './inventoryImport';

describe('parseList', () => {
  it("reads the guide's list, full-width colons and comments", () => {
    const parsed = parseList(
      [
        'master1: 192.168.100.111',
        'node1: 192.168.100.116',
        'node3：192.168.100.118 (先不加入到集群)',
        '# a comment',
        '',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.drafts.map((d) => [d.input.name, d.input.address, d.input.role])).toEqual([
      ['master1', '192.168.100.111', 'control-plane'],
      ['node1', '192.168.100.116', 'worker'],
      ['node3', '192.168.100.118', 'worker'],
    ]);
  });

  it('reads /etc/hosts order (address first) without swapping name-first lines', () => {
    const parsed = parseList('192.168.100.116 node1\nnode2 192.168.100.117\n10.0.0.5 10.0.0.6\n');
    expect(parsed.drafts.map((d) => [d.input.name, d.input.address])).toEqual([
      ['node1', '192.168.100.116'],
      ['node2', '192.168.100.117'],
      ['10.0.0.5', '10.0.0.6'],
    ]);
  });

  it('reports a line it cannot read, by number', () => {
    expect(parseList('master1: 192.168.100.111\n:::\n').problems).toEqual([
      { line: 2, message: 'expected "name: address", got ":::"' },
    ]);
  });
});

describe('detectFormat', () => {
  it('tells the three formats apart', () => {
    expect(detectFormat('Host master1\n  HostName 10.0.0.1\n')).toBe('ssh-config');
    expect(detectFormat('name,address\nm1,10.0.0.1\n')).toBe('csv');
    expect(detectFormat('master1: 10.0.0.1\n')).toBe('list');
  });

  it('parses quoted CSV fields', () => {
    const parsed = parseCsv('name,address,labels\n"m1","10.0.0.1","zone=a"\n');
    expect(parsed.drafts[0]?.input).toMatchObject({ name: 'm1', address: '10.0.0.1' });
  });
});
