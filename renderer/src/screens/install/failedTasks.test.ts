import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../../../common/model/runEvent';
import {
  failedCausesKey,
  failedCellsKey,
  parseFailedCauses,
  parseFailedCells,
} from './failedTasks';

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

describe('root causes of the failed cells', () => {
  it('maps each diagnosed failure to its title in the UI language, skipping undiagnosed ones', () => {
    const diagnosed: TaskState = {
      ...task('kubeadm-init', 'master1', 'failed'),
      diagnosis: {
        signatureId: 'port-blocked-by-firewall',
        category: 'network',
        kind: 'cause',
        score: 300,
        title: {
          en: 'Port 6443/tcp blocked by the firewall on master1',
          zh: 'master1 上的防火墙阻断了 6443/tcp 端口',
        },
        explanation: { en: 'x', zh: 'x' },
        evidence: { line: 2, text: '-A INPUT -p tcp -m tcp --dport 6443 -j DROP' },
        matchedLines: 3,
        fix: { text: { en: 'x', zh: 'x' } },
        references: [],
        source: 'iptables -S INPUT on master1',
      },
    };
    const tasks = { a: diagnosed, b: task('join-node', 'node1', 'failed') };
    const en = parseFailedCauses(failedCausesKey(tasks, 'en'));
    expect([...en]).toEqual([
      ['kubeadm-init\tmaster1', 'Port 6443/tcp blocked by the firewall on master1'],
    ]);
    expect(parseFailedCauses(failedCausesKey(tasks, 'zh')).get('kubeadm-init\tmaster1')).toBe(
      'master1 上的防火墙阻断了 6443/tcp 端口',
    );
    expect(parseFailedCauses('').size).toBe(0);
  });
});
