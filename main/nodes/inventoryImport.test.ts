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

describe('parseCsv (csv-parse)', () => {
  const rows = (text: string): Array<[number, string, string]> =>
    parseCsv(text).drafts.map((d) => [d.line, d.input.name, d.input.address]);

  it('drops a UTF-8 BOM, so the header is still recognised', () => {
    const parsed = parseCsv('\uFEFFname,address,user\nm1,10.0.0.1,kube\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.drafts[0]?.input).toMatchObject({
      name: 'm1',
      address: '10.0.0.1',
      user: 'kube',
    });
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    const parsed = parseCsv(
      'name,address,user,labels\n"cp1, rack 4","10.0.0.1","ku""be","zone=a,b;disk=ssd"\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.drafts[0]?.input).toMatchObject({
      name: 'cp1, rack 4',
      address: '10.0.0.1',
      user: 'ku"be',
      labels: { zone: 'a,b', disk: 'ssd' },
    });
  });

  it('reads a quoted field across lines and numbers later rows by their own line', () => {
    const text = [
      'name,address,port,notes',
      'w1,10.0.0.1,22,"racked 2024,',
      'row 2 ""east"""',
      '# a comment',
      '',
      'w2,10.0.0.2,x22,',
    ].join('\n');
    const parsed = parseCsv(text);
    expect(rows(text)).toEqual([
      [2, 'w1', '10.0.0.1'],
      [6, 'w2', '10.0.0.2'],
    ]);
    expect(parsed.problems).toEqual([
      { line: 1, message: 'unknown column "notes" (column 4) ignored' },
      { line: 6, field: 'port', message: '"x22" is not a port number' },
    ]);
  });

  it('names the line and column where the text stops being CSV', () => {
    const unclosed = parseCsv('name,address\nw1,"10.0.0.1\nw2,10.0.0.2\n');
    expect(unclosed.drafts).toEqual([]);
    expect(unclosed.problems).toEqual([
      { line: 3, message: expect.stringMatching(/^a quoted field \(column 2\) is never closed/) },
    ]);
    const inside = parseCsv('name,address\nw1,10"0.0.1\n');
    expect(inside.problems).toEqual([
      { line: 2, message: expect.stringMatching(/^a quote inside an unquoted field \(column 2\)/) },
    ]);
    const stray = parseCsv('name,address\nw1,10.0.0.1\n"w2"x,10.0.0.2\n');
    expect(stray.drafts).toEqual([]);
    expect(stray.problems).toEqual([
      {
        line: 3,
        message: expect.stringMatching(/^text after a closing quote \(column 1\)/),
      },
    ]);
  });

  it('without a header reads name, address, port, user, role in that order', () => {
    expect(parseCsv('m1, 10.0.0.1 ,2222,kube,control-plane\n').drafts[0]?.input).toMatchObject({
      name: 'm1',
      address: '10.0.0.1',
      port: 2222,
      user: 'kube',
      role: 'control-plane',
    });
  });
});
