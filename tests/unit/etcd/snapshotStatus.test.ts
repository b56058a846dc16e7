import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseEndpointVersion,
  parseSnapshotStatusJson,
  parseSnapshotStatusTable,
  statusTool,
} from '../../../common/etcd/snapshotStatus';

/** A fixture of tests/fixtures/real/etcd without its `# source:` line. */
function fixture(name: string): string {
  const text = readFileSync(new URL(`../../fixtures/real/etcd/${name}`, import.meta.url), 'utf8');
  return text.startsWith('# source:') ? text.slice(text.indexOf('\n') + 1) : text;
}

describe('snapshot status (real outputs)', () => {
  it('reads etcdctl 3.4 -w json exactly', () => {
    expect(parseSnapshotStatusJson(fixture('status-json-3.4.23.txt'))).toEqual({
      hash: 672987823,
      revision: 2,
      totalKeys: 5,
      totalSize: 20480,
    });
  });

  it('reads the table form of the same file to the same hash, revision and keys', () => {
    const table = parseSnapshotStatusTable(fixture('status-table-3.4.23.txt'));
    const json = parseSnapshotStatusJson(fixture('status-json-3.4.23.txt'));
    expect(table).toEqual({ hash: json?.hash, revision: 2, totalKeys: 5, totalSizeText: '20 kB' });
  });

  it.each([
    ['status-table-k8s-docs.txt', 0xfe01cf57, 10, 7, '2.1 MB'],
    ['status-table-etcd-5041.txt', 0x23674cdd, 85716, 85717, '5.5 MB'],
    ['status-table-rancher-36713.txt', 0x8c150882, 3377, 2116, '7.7 MB'],
  ])('reads the published table %s', (file, hash, revision, totalKeys, totalSizeText) => {
    expect(parseSnapshotStatusTable(fixture(file))).toEqual({
      hash,
      revision,
      totalKeys,
      totalSizeText,
    });
  });

  it('skips a deprecation line before the JSON and reads etcdutl’s version field', () => {
    const out =
      'Deprecated: Use `etcdutl snapshot status` instead.\n\n{"hash":1,"revision":4689,"totalKey":5,"totalSize":20480,"version":"3.5.0"}\n';
    expect(parseSnapshotStatusJson(out)).toEqual({
      hash: 1,
      revision: 4689,
      totalKeys: 5,
      totalSize: 20480,
      version: '3.5.0',
    });
  });

  it('refuses what is not a status: an error, a missing field, a negative count', () => {
    expect(parseSnapshotStatusJson('Error: file size too small\n')).toBeUndefined();
    expect(parseSnapshotStatusJson('{"hash":1,"revision":2,"totalKey":3}')).toBeUndefined();
    expect(
      parseSnapshotStatusJson('{"hash":1,"revision":-2,"totalKey":3,"totalSize":4}'),
    ).toBeUndefined();
    expect(parseSnapshotStatusTable('| HASH | REVISION |\n| zz | 1 | 2 | 3 |')).toBeUndefined();
  });
});

describe('the member version and the status tool', () => {
  it('reads the version from endpoint status -w json (etcd 3.4.23)', () => {
    expect(parseEndpointVersion(fixture('endpoint-status-3.4.23.json'))).toBe('3.4.23');
    expect(parseEndpointVersion('Error: context deadline exceeded')).toBeUndefined();
    expect(parseEndpointVersion('[]')).toBeUndefined();
  });

  it('uses etcdctl before 3.5, etcdutl from 3.5 where present, and nothing on 3.6 without it', () => {
    expect(statusTool('3.4.23', true)).toBe('etcdctl');
    expect(statusTool('3.5.9', true)).toBe('etcdutl');
    expect(statusTool('3.5.9', false)).toBe('etcdctl');
    expect(statusTool('3.6.0', true)).toBe('etcdutl');
    expect(statusTool('3.6.0', false)).toBeUndefined();
    expect(statusTool('unknown', false)).toBe('etcdctl');
  });
});
