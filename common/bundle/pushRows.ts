import type { PushEvent } from './pushEvents';

/** A node's row in the Push panel (renderer/src/screens/bundle/PushPanel.tsx): pure, so tested here. */
export type NodeState = 'checking' | 'sending' | 'verifying' | 'verified' | 'failed';

export interface NodeRow {
  state: NodeState;
  done: number;
  total: number;
  present: number;
  verified: number;
  error?: string;
}

/** One `bundle.pushProgress` event folded into the rows by node. */
export function foldPushEvent(
  rows: Readonly<Record<string, NodeRow>>,
  e: PushEvent,
): Record<string, NodeRow> {
  const row: NodeRow = rows[e.nodeId] ?? {
    state: 'checking',
    done: 0,
    total: 0,
    present: 0,
    verified: 0,
  };
  switch (e.kind) {
    case 'node':
      return {
        ...rows,
        [e.nodeId]: { ...row, state: e.state, total: e.bytes, present: e.present },
      };
    case 'progress':
      return { ...rows, [e.nodeId]: { ...row, done: e.done, total: e.total } };
    case 'artifact':
      return rows;
    case 'node-done':
      return {
        ...rows,
        [e.nodeId]: {
          ...row,
          state: e.ok ? 'verified' : 'failed',
          done: e.ok ? row.total : row.done,
          verified: e.verified,
          ...(e.error ? { error: e.error.message } : {}),
        },
      };
  }
}
