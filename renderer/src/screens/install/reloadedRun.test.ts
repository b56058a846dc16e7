import { describe, expect, it } from 'vitest';
import { appendLog, EMPTY_LOG } from '../../components/log/logBuffer';
import { runErrorOf, withLoadedLog } from '../../state/runReducer';

describe('a recorded run drawn again after a reload', () => {
  it('rebuilds the failure banner’s error from the failed tasks', () => {
    const state = {
      runId: 'r1',
      startedAt: '2026-12-06T19:48:46.000Z',
      outcome: 'failed' as const,
      tasks: [
        { stepId: 'prepare-os', nodeId: 'n1', status: 'done' as const, attempts: 1 },
        {
          stepId: 'kubeadm-init',
          nodeId: 'n1',
          status: 'failed' as const,
          attempts: 1,
          error: { code: 'step_exit', message: 'kubeadm-init on n1 exited 1: boom' },
        },
        { stepId: 'join-node', nodeId: 'n2', status: 'failed' as const, attempts: 2 },
      ],
    };
    expect(runErrorOf(state)).toBe('kubeadm-init on n1 exited 1: boom\njoin-node on n2 failed');
    expect(runErrorOf({ ...state, outcome: 'succeeded' })).toBeUndefined();
  });

  it('puts a log read from disk under the lines that arrived as events meanwhile, once', () => {
    const file = 'a\nb\nc\n';
    expect(withLoadedLog(undefined, file).lines).toEqual(['a', 'b', 'c']);
    // Events carried c (already in the file) and d (written after the file was read).
    const live = appendLog(EMPTY_LOG, 'c\nd\n');
    expect(withLoadedLog(live, file).lines).toEqual(['a', 'b', 'c', 'd']);
    // Nothing in common: both, file first.
    expect(withLoadedLog(appendLog(EMPTY_LOG, 'x\n'), file).lines).toEqual(['a', 'b', 'c', 'x']);
  });
});
