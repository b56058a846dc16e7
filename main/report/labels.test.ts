import { describe, expect, it } from 'vitest';
import { buildReport } from '../../common/report/build';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { renderMarkdown } from './markdown';
import { renderHtml } from './html';

const summaryRows = (md: string): string =>
  md
    .split('\n')
    .filter((l) =>
      /^\| (Container runtime|Mirror profile|Control-plane mode|Nodes|容器运行时|镜像源配置|控制平面运行方式|节点) \|/.test(
        l,
      ),
    )
    .join('\n');

describe('the report’s summary', () => {
  it('names the plan’s values as the Plan screen does, not by their ids', () => {
    const md = summaryRows(renderMarkdown(buildReport(guideReportInput('en'))));
    expect(md).toContain('| Container runtime | Docker |');
    expect(md).toContain('| Mirror profile | Mirrors in China (Aliyun) |');
    expect(md).toContain('| Control-plane mode | Static Pods (kubeadm default) |');
    const zh = summaryRows(renderMarkdown(buildReport(guideReportInput('zh-CN'))));
    expect(zh).toContain('国内镜像（阿里云）');
    expect(zh).toContain('静态 Pod（kubeadm 默认）');
    expect(zh).not.toMatch(/\| (china|static-pod|docker) \|/);
  });

  it('counts nodes with the right plural: 1 worker, 3 workers', () => {
    const three = renderMarkdown(buildReport(guideReportInput('en', 4)));
    expect(summaryRows(three)).toContain('1 control-plane node, 3 workers');
    const two = buildReport(guideReportInput('en', 2));
    expect(summaryRows(renderMarkdown(two))).toContain('1 control-plane node, 1 worker |');
    expect(renderHtml(two)).toContain('1 control-plane node, 1 worker<');
  });
});
