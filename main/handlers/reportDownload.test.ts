import { describe, expect, it } from 'vitest';
import { requests } from '../../common/contract';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { MemorySecretStore, nodeSecretKey } from '../store/secrets';
import { FileProjectStore } from '../store/projectStore';
import { createReportHandlers, downloadName } from './reportHandlers';

const ctx = { face: 'web' as const };

describe('report.download (the browser’s export)', () => {
  it('answers the rendered file with a name and type, no path on the server, secrets scrubbed', async () => {
    const project = structuredClone(guideReportInput('en').project);
    const first = project.nodes[0];
    if (first) first.labels = { note: 'root login is S3cret-lab-pw' };
    const secrets = new MemorySecretStore();
    await secrets.set(nodeSecretKey('master1', 'password'), 'S3cret-lab-pw');
    const h = createReportHandlers(new FileProjectStore(project), { secrets });
    const md = await h['report.download']({ format: 'md', lang: 'zh-CN', paper: 'A4' }, ctx);
    const text = Buffer.from(md.base64, 'base64').toString('utf8');
    expect(md.mime).toBe('text/markdown;charset=utf-8');
    expect(md.filename).toMatch(/^[A-Za-z0-9._-]+-report\.md$/);
    expect(md.bytes).toBe(Buffer.byteLength(text));
    expect(text).toContain('集群报告');
    expect(text).not.toContain('S3cret-lab-pw');
    const json = await h['report.download']({ format: 'json', lang: 'en', paper: 'A4' }, ctx);
    expect(JSON.parse(Buffer.from(json.base64, 'base64').toString('utf8'))).toMatchObject({
      schemaVersion: 1,
    });
  });

  it('takes no path, and names the file after the cluster, safely', () => {
    const schema = requests['report.download'].payload;
    expect(schema.safeParse({ format: 'html' }).success).toBe(true);
    expect(schema.safeParse({ format: 'html', path: '/tmp/r.html' }).success).toBe(false);
    expect(downloadName('kubernetes', 'pdf')).toBe('kubernetes-report.pdf');
    expect(downloadName('../../etc/passwd', 'md')).toBe('etc-passwd-report.md');
    expect(downloadName('集群', 'html')).toBe('cluster-report.html');
  });
});
