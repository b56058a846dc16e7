import { describe, expect, it } from 'vitest';
import type { PushEvent } from './pushEvents';
import { foldPushEvent, type NodeRow } from './pushRows';

describe('foldPushEvent (the Push panel’s rows)', () => {
  it('follows each node from its check to verified or failed, bytes as sent', () => {
    const events: PushEvent[] = [
      { kind: 'node', nodeId: 'cp1', state: 'checking', artifacts: 3, bytes: 300, present: 0 },
      { kind: 'node', nodeId: 'w1', state: 'checking', artifacts: 3, bytes: 300, present: 0 },
      { kind: 'node', nodeId: 'cp1', state: 'sending', artifacts: 3, bytes: 300, present: 1 },
      { kind: 'progress', nodeId: 'cp1', id: 'a', done: 150, total: 300 },
      { kind: 'node-done', nodeId: 'cp1', ok: true, verified: 3 },
      {
        kind: 'node-done',
        nodeId: 'w1',
        ok: false,
        verified: 0,
        error: { code: 'bundle_push_failed', message: 'disk full', nodeId: 'w1' },
      },
    ];
    let rows: Record<string, NodeRow> = {};
    rows = events.slice(0, 4).reduce(foldPushEvent, rows);
    expect(rows).toMatchObject({ cp1: { state: 'sending', done: 150, total: 300, present: 1 } });
    rows = events.slice(4).reduce(foldPushEvent, rows);
    expect(rows).toEqual({
      cp1: { state: 'verified', done: 300, total: 300, present: 1, verified: 3 },
      w1: { state: 'failed', done: 0, total: 300, present: 0, verified: 0, error: 'disk full' },
    });
  });
});
