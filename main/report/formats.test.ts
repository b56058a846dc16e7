import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { SINGLE_CONTROL_PLANE_STEP_IDS, stepInfo } from '../../common/catalog/steps';
import { buildReport } from '../../common/report/build';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { REPORT_SCHEMA_FILE, reportJsonSchema } from './jsonSchema';
import { renderText } from './write';

const NODES = ['master1', 'node1', 'node2', 'node3'];

describe.each(['en', 'zh-CN'] as const)('report formats (%s)', (lang) => {
  const report = buildReport(guideReportInput(lang));
  const title = (id: (typeof SINGLE_CONTROL_PLANE_STEP_IDS)[number]): string =>
    lang === 'en' ? stepInfo(id).title.en : stepInfo(id).title.zh;

  it('HTML is self-contained and has every node, step and matrix', () => {
    const html = renderText(report, 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<html lang="${lang}">`);
    // No script, no external resource of any kind; a CSP forbids them anyway.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=|href=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@page');
    for (const n of NODES) expect(html).toContain(`<b>${n}</b>`);
    for (const id of SINGLE_CONTROL_PLANE_STEP_IDS) expect(html).toContain(title(id));
    expect(html.match(/<table class="matrix">/g)).toHaveLength(3);
    expect(html).toContain('100% packet loss');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('kind: ClusterConfiguration');
  });

  it('Markdown has every node, step and matrix', () => {
    const md = renderText(report, 'md');
    for (const n of NODES) expect(md).toContain(`| ${n} |`);
    for (const id of SINGLE_CONTROL_PLANE_STEP_IDS) expect(md).toContain(title(id));
    expect(md).toContain('```mermaid');
    expect(md).toContain('```yaml');
    expect(md).toContain('✗ 100% packet loss');
    expect(md.match(/^### .*(6443\/tcp|8472\/udp|pod-ping)/gm)).toHaveLength(3);
  });

  it('JSON validates against the published schema', () => {
    const json: unknown = JSON.parse(renderText(report, 'json'));
    const schema: unknown = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema as object);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(json as object), schemaVersion: 2 })).toBe(false);
  });
});

describe('the published JSON Schema', () => {
  it('is current (regenerate: npx jiti main/report/writeSchema.ts)', () => {
    const published: unknown = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
    expect(published).toEqual(reportJsonSchema());
  });
});

describe('large reports', () => {
  it('list broken pairs instead of drawing a 100 × 100 grid', () => {
    const report = buildReport(guideReportInput('en', 100));
    const html = renderText(report, 'html');
    expect(html).not.toContain('<table class="matrix">');
    expect(html).toContain('node1 → node3');
    expect(report.nodes).toHaveLength(100);
  });
});
