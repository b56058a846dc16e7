import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../common/model/plan';
import type { RunState } from '../../common/model/runEvent';
import { buildReport } from '../../common/report/build';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

const guide = guideReportInput('en');
const plan: ClusterPlan = {
  ...guide.project.plan,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '192.168.100.100',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};
const nodes = guide.project.nodes.map((n, i) =>
  i < 3 ? { ...n, role: 'control-plane' as const } : n,
);

/** A succeeded kubelab failover test recorded beside the project (ha-failover's outputs). */
const failoverRun: RunState = {
  runId: 'r20261208-011500-abc123',
  kind: 'ha-failover-test',
  params: {},
  startedAt: '2026-12-08T01:15:00.000Z',
  finishedAt: '2026-12-08T01:15:09.000Z',
  outcome: 'succeeded',
  tasks: [
    {
      stepId: 'ha-failover',
      nodeId: nodes[0]?.id ?? '',
      status: 'done',
      attempts: 1,
      outputs: {
        oldHolder: 'master',
        newHolder: 'worker1',
        movedMs: '2150',
        apiAnswered: 'yes',
        apiMs: '2480',
        restored: 'yes',
      },
    },
  ],
};

/** The guide's facts; `holder` gets the VIP on its first interface. */
function report(lang: 'en' | 'zh-CN', holder?: string, runs?: RunState[]) {
  const input = guideReportInput(lang);
  const facts = (input.facts ?? []).map((f) => {
    const [first, ...rest] = f.interfaces;
    if (f.nodeId !== holder || !first) return f;
    const vip = { family: 'inet' as const, address: '192.168.100.100', prefix: 32 };
    return { ...f, interfaces: [{ ...first, addresses: [...first.addresses, vip] }, ...rest] };
  });
  return buildReport({ ...input, project: { ...input.project, plan, nodes }, facts, runs });
}

describe('HA section in the HTML and Markdown reports', () => {
  it('shows the endpoint, the load balancer, the quorum and the VIP holder in English', () => {
    const r = report('en', nodes[1]?.id);
    const html = renderHtml(r);
    expect(html).toContain('<section id="ha">');
    expect(html).toContain('https://192.168.100.100:8443');
    expect(html).toContain('haproxy + keepalived on the control planes');
    expect(html).toContain('3 (tolerates 1 failed)');
    expect(html).toContain(`<th>Holds the VIP</th><td>${nodes[1]?.name ?? ''} (as of `);
    // The guide's verification lists master1's static pods only: the others are "unknown".
    expect(html).toContain('<span class="pill ok">ok (Running)</span>');
    expect(html).toContain('<span class="pill muted">unknown</span>');
    const md = renderMarkdown(r);
    expect(md).toContain('## High availability');
    expect(md).toContain('| Holds the VIP |');
    const [first, second] = nodes;
    expect(md).toContain(
      `| ${first?.name ?? ''} | \`${first?.address ?? ''}\` | Ready | ok (Running) |`,
    );
    expect(md).toContain(
      `| ${second?.name ?? ''} | \`${second?.address ?? ''}\` | Ready | unknown |`,
    );
    expect(md).toContain(`| ${first?.name ?? ''} | ok (Running) |`);
  });

  it('is in Chinese in a zh-CN report, "not checked" without an observation', () => {
    const r = report('zh-CN');
    expect(renderHtml(r)).toContain('高可用');
    const md = renderMarkdown(r);
    expect(md).toContain('| 持有 VIP 的节点 | 未检查 |');
    expect(md).toContain('| etcd 成员 | 3 个（可容忍 1 个故障） |');
    expect(md).toContain('| 控制平面 | 地址 | 节点 | API 服务器（kube-apiserver Pod） |');
    expect(md).toContain('正常（Running）');
  });

  it('shows the last failover test (EN and ZH), or that none was run', () => {
    expect(renderMarkdown(report('en'))).toContain(
      '| Last failover test | not run (kubelab ha-failover, or Test failover in the HA panel) |',
    );
    const r = report('en', undefined, [failoverRun]);
    expect(r.ha?.failoverTest).toMatchObject({ oldHolder: 'master', newHolder: 'worker1' });
    const line =
      'the VIP moved from master to worker1 in 2.2 s; the API answered through the VIP after 2.5 s; the holder was put back';
    expect(renderMarkdown(r)).toMatch(
      new RegExp(`\\| Last failover test \\| succeeded \\(.+\\): ${line} \\|`),
    );
    expect(renderHtml(r)).toContain(`<th>Last failover test</th><td>succeeded (`);
    expect(renderHtml(r)).toContain(line);
    const zh = renderMarkdown(report('zh-CN', undefined, [failoverRun]));
    expect(zh).toContain(
      'VIP 在 2.2 秒内从 master 转移到 worker1；API 在 2.5 秒后经 VIP 应答；原持有者已恢复',
    );
  });

  it('is left out for a single control plane', () => {
    expect(renderHtml(buildReport(guide))).not.toContain('<section id="ha">');
    expect(renderMarkdown(buildReport(guide))).not.toContain('## High availability');
  });
});
