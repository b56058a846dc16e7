import { describe, expect, it } from 'vitest';
import { MemoryLogSink } from './logSink';
import { readTaskLog } from './taskLog';

describe('readTaskLog', () => {
  it('prefers the given runs, then the newest earlier run with a log for the task', async () => {
    const sink = new MemoryLogSink();
    await sink.append('r20261206-100000-aaaaaa', 'master1', 'kubeadm-init', 'first init\n');
    await sink.append('r20261206-110000-bbbbbb', 'master1', 'kubeadm-init', 'second init\n');
    await sink.append('r20261206-120000-cccccc', 'node3', 'join-node', 'node3 joins\n');
    const recorded = 'r20261206-120000-cccccc';
    expect(await readTaskLog(sink, [undefined, recorded], 'node3', 'join-node', 4096)).toEqual({
      runId: recorded,
      text: 'node3 joins\n',
      totalBytes: 12,
      truncated: false,
    });
    // master1's init was done by an earlier run; the run over node3 kept it.
    const init = await readTaskLog(sink, [recorded], 'master1', 'kubeadm-init', 4096);
    expect(init.runId).toBe('r20261206-110000-bbbbbb');
    expect(init.text).toBe('second init\n');
    const older = await readTaskLog(
      sink,
      ['r20261206-100000-aaaaaa'],
      'master1',
      'kubeadm-init',
      4096,
    );
    expect(older.text).toBe('first init\n');
  });

  it('answers an empty log when no run has one, or without a readable sink', async () => {
    const empty = { runId: null, text: '', totalBytes: 0, truncated: false };
    expect(await readTaskLog(new MemoryLogSink(), ['r1'], 'n1', 'prepare-os', 4096)).toEqual(empty);
    expect(await readTaskLog(undefined, ['r1'], 'n1', 'prepare-os', 4096)).toEqual(empty);
  });
});
