import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../../../common/model/runEvent';
import { failedCellsKey, parseFailedCells } from './failedTasks';

const task = (stepId: string, nodeId: string, status: TaskState['status']): TaskState => ({
  stepId,
  nodeId,
  status,
  attempts: 1,
});

describe('failed cells of a run', () => {
  const tasks = Object.fromEntries(
    [
      task('join-node', 'node2', 'failed'),
      task('prepare-os', 'node2', 'done'),
      task('join-node', 'node1', 'failed'),
      task('container-runtime', 'node2', 'failed'),
      task('kubeadm-init', 'master1', 'running'),
    ].map((t) => [`${t.stepId}\t${t.nodeId}`, t]),
  );
  const steps = ['prepare-os', 'container-runtime', 'kubeadm-init', 'join-node'];
  const nodes = ['master1', 'node1', 'node2'];

  it('lists only failed tasks, in node then step order, and round-trips', () => {
    const key = failedCellsKey(tasks, steps, nodes);
    expect(parseFailedCells(key)).toEqual([
      { stepId: 'join-node', nodeId: 'node1' },
      { stepId: 'container-runtime', nodeId: 'node2' },
      { stepId: 'join-node', nodeId: 'node2' },
    ]);
  });

  it('is the same string for the same failures, so the banner does not re-render', () => {
    const more = { ...tasks, extra: task('prepare-os', 'master1', 'done') };
    expect(failedCellsKey(more, steps, nodes)).toBe(failedCellsKey(tasks, steps, nodes));
  });

  it('is empty without failures', () => {
    expect(parseFailedCells(failedCellsKey({}, steps, nodes))).toEqual([]);
  });
});
