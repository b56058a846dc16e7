import { describe, expect, it } from 'vitest';
import type { NodeHopState } from '../../common/upgrade/hopProgress';
import { formatStoppedHop, formatUnfinishedHop } from './hopProgressFormat';

const STATES: NodeHopState[] = [
  { nodeId: 'master1', version: '1.24.17', status: 'upgraded' },
  {
    nodeId: 'node1',
    version: '1.23.17',
    status: 'unreachable',
    stepId: 'upgrade-node',
    message: 'upgrade-node on node1: Timed out connecting to 172.31.205.12.',
  },
];

describe('which node is on which version when a hop stops', () => {
  it('names the unreachable node, each node’s version and the command that resumes', () => {
    const en = formatStoppedHop(STATES, '1.24.17', '1.24.17', 'en');
    expect(en).toContain(
      'kubelab upgrade: the hop to 1.24.17 stopped at node1: unreachable when its turn came, so that step did not run there.',
    );
    expect(en).toMatch(/^ {2}master1\s+1\.24\.17\s+upgraded$/m);
    expect(en).toMatch(
      /^ {2}node1\s+1\.23\.17\s+unreachable at upgrade-node: upgrade-node on node1: Timed out connecting to 172\.31\.205\.12\.$/m,
    );
    expect(en).toContain(
      'run `kubelab upgrade --to 1.24.17 --yes` again once node1 can be reached: it resumes where it stopped.',
    );
    const zh = formatStoppedHop(STATES, '1.24.17', '1.24.17', 'zh');
    expect(zh).toContain('到 1.24.17 的升级在 node1 处停止');
    expect(zh).toMatch(/^ {2}node1\s+1\.23\.17\s+无法连接 于 upgrade-node/m);
  });

  it('a hop stopped by a step’s failure says so without blaming the link', () => {
    const failed: NodeHopState[] = [
      { nodeId: 'master1', version: '1.23.17', status: 'failed', stepId: 'upgrade-apply' },
      { nodeId: 'node1', version: '1.23.17', status: 'pending' },
    ];
    const en = formatStoppedHop(failed, '1.24.17', '1.25', 'en');
    expect(en).toContain('the hop to 1.24.17 did not finish');
    expect(en).not.toContain('unreachable');
    expect(en).toMatch(/^ {2}node1\s+1\.23\.17\s+not yet upgraded$/m);
    expect(en).toContain('run `kubelab upgrade --to 1.25 --yes` again: it resumes');
  });

  it('--dry-run puts the unfinished hop before the plan', () => {
    const text = formatUnfinishedHop(
      { runId: 'r1', from: '1.23.17', hop: '1.24.17', outcome: 'failed', nodes: STATES },
      'en',
    );
    expect(text.split('\n')[0]).toBe(
      'Unfinished hop 1.23.17 → 1.24.17 (run r1, failed): the next run resumes it. Each node now:',
    );
    expect(text).toMatch(/^ {2}node1\s+1\.23\.17\s+unreachable at upgrade-node/m);
  });
});
