import { describe, expect, it } from 'vitest';
import { AppError } from '../model/appError';
import { parseSnapshotIndex, snapshotFileName, type SnapshotEntry } from './snapshotIndex';

const ENTRY: SnapshotEntry = {
  file: 'etcd-2026-12-06T23-35-14Z-rev2.db',
  time: '2026-12-06T23:35:14.000Z',
  revision: 2,
  totalKeys: 5,
  size: 20480,
  sha256: 'a'.repeat(64),
  etcdHash: 672987823,
  kubernetesVersion: '1.18.0',
  etcdVersion: '3.4.23',
  node: 'master1',
};

function refusal(text: string): AppError {
  try {
    parseSnapshotIndex(text, '/p/kubelab.snapshots/index.json');
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('the snapshots index', () => {
  it('reads back what it wrote', () => {
    const index = { schemaVersion: 1, snapshots: [ENTRY] };
    expect(parseSnapshotIndex(JSON.stringify(index), 'x')).toEqual(index);
  });

  it('refuses a truncated file, naming it', () => {
    const e = refusal('{"schemaVersion":1,"snapshots":[{"file":"etcd-');
    expect(e.code).toBe('snapshot_index_corrupt');
    expect(e.message).toContain('/p/kubelab.snapshots/index.json is not valid JSON');
  });

  it('refuses a bad entry, naming the field', () => {
    const bad = { schemaVersion: 1, snapshots: [{ ...ENTRY, sha256: 'nothex' }] };
    const e = refusal(JSON.stringify(bad));
    expect(e.field).toBe('snapshots.0.sha256');
    const escape = { schemaVersion: 1, snapshots: [{ ...ENTRY, file: '../../.bashrc' }] };
    expect(refusal(JSON.stringify(escape)).field).toBe('snapshots.0.file');
  });

  it('names files by UTC time and revision, with no colon', () => {
    expect(snapshotFileName(new Date('2026-12-06T23:35:14.123Z'), 42)).toBe(
      'etcd-2026-12-06T23-35-14Z-rev42.db',
    );
  });
});
