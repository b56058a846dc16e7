import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import type { UnfinishedHop as Unfinished } from '../../../../../common/upgrade/hopProgress';
import { initI18n } from '../../../i18n';
import { UnfinishedHop } from './UnfinishedHop';

const i18n = initI18n('en');
afterAll(async () => {
  await i18n.changeLanguage('en');
});

/** The lab's hop to 1.24.17 with node1's link down at its turn (upgrade-runtime suite). */
const HOP: Unfinished = {
  runId: 'r20261208-005958-47b0ac',
  from: '1.23.17',
  hop: '1.24.17',
  outcome: 'failed',
  nodes: [
    { nodeId: 'master1', version: '1.24.17', status: 'upgraded' },
    {
      nodeId: 'node1',
      version: '1.23.17',
      status: 'unreachable',
      stepId: 'upgrade-node',
      message: 'upgrade-node on node1: Timed out connecting to 172.31.205.12.',
    },
  ],
};

describe('the Upgrade panel’s unfinished hop', () => {
  it('says which node is on which version and where node1 stopped, in both languages', async () => {
    await i18n.changeLanguage('en');
    const en = renderToStaticMarkup(<UnfinishedHop hop={HOP} />);
    expect(en).toContain(
      'Unfinished hop 1.23.17 → 1.24.17 (run r20261208-005958-47b0ac, failed): the next run resumes it.',
    );
    expect(en).toMatch(/master1<\/code><\/td><td>1\.24\.17<\/td><td>upgraded</);
    expect(en).toMatch(
      /node1<\/code><\/td><td>1\.23\.17<\/td><td>unreachable \(upgrade-node\): upgrade-node on node1: Timed out/,
    );
    await i18n.changeLanguage('zh-CN');
    const zh = renderToStaticMarkup(<UnfinishedHop hop={HOP} />);
    expect(zh).toContain('未完成的升级 1.23.17 → 1.24.17');
    expect(zh).toContain('无法连接 (upgrade-node)');
  });
});
