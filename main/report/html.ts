import { esc, formatBytes, formatTime } from '../../common/report/escape';
import { dayTwoHtml } from './dayTwoSections';
import type { Report } from '../../common/report/model';
import { nodesValue, translateCode, translator, type Translate } from '../../common/report/strings';
import { HEALTH_COLOURS, topologySvg } from '../../common/report/svg/topology';
import { haHtml } from './htmlHa';
import { kv, opt, pill, section, table } from './htmlParts';
import {
  addNodeHtml,
  configHtml,
  expiryHtml,
  networkHtml,
  preflightHtml,
  timelineHtml,
  warningsHtml,
} from './htmlSections';
import { REPORT_CSS } from './htmlStyle';

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no font or image
 * fetched, and a CSP that forbids any request should a viewer try. It is also what the PDF is
 * printed from and what the Report screen previews.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function summaryHtml(r: Report, t: Translate): string {
  const s = r.summary;
  const healthy =
    s.healthy === null
      ? pill(t('notChecked'), 'muted')
      : pill(s.healthy ? t('yes') : t('no'), s.healthy ? 'ok' : 'bad');
  const outcomeTone = s.outcome === 'succeeded' ? 'ok' : s.outcome === 'failed' ? 'bad' : 'muted';
  const rows: [string, string][] = [
    ...(s.projectName ? [[t('summary.projectName'), esc(s.projectName)] as [string, string]] : []),
    [t('summary.clusterName'), esc(s.clusterName)],
    [t('summary.kubernetesVersion'), esc(`v${s.kubernetesVersion}`)],
    [t('summary.endpoint'), `<code>${esc(s.endpoint)}</code>`],
    [t('summary.runtime'), esc(translateCode(t, 'value.runtime', s.runtime))],
    [t('summary.cni'), esc(`${s.cni}${s.cniVersion ? ` ${s.cniVersion}` : ''}`)],
    [t('summary.mirrorProfile'), esc(translateCode(t, 'value.mirrorProfile', s.mirrorProfile))],
    [t('summary.imageRepository'), `<code>${esc(s.imageRepository)}</code>`],
    [t('summary.podCidr'), `<code>${esc(s.podCidr)}</code>`],
    [t('summary.serviceCidr'), `<code>${esc(s.serviceCidr)}</code>`],
    [t('summary.dnsDomain'), `<code>${esc(s.dnsDomain)}</code>`],
    [
      t('summary.controlPlaneMode'),
      esc(translateCode(t, 'value.controlPlaneMode', s.controlPlaneMode)),
    ],
    [t('summary.nodes'), esc(nodesValue(t, s.controlPlaneNodes, s.workerNodes))],
    [t('summary.outcome'), pill(translateCode(t, 'outcome', s.outcome), outcomeTone)],
    [t('summary.healthy'), healthy],
  ];
  return section('summary', t('section.summary'), kv(rows));
}

function nodesHtml(r: Report, t: Translate): string {
  const headers = [
    'node.name',
    'node.address',
    'node.role',
    'node.osKernel',
    'node.resources',
    'node.versions',
    'node.status',
  ] as const;
  const two = (a: string | undefined, b: string | undefined): string =>
    `${opt(a)}<br><small class="muted">${opt(b)}</small>`;
  const rows = r.nodes.map((n) => {
    const c = HEALTH_COLOURS[n.status].stroke;
    const status = `<b style="color:${c}">${esc(translateCode(t, 'health', n.status))}</b>${n.statusDetail && n.status !== 'ready' ? `<br><small>${esc(n.statusDetail)}</small>` : ''}`;
    const name =
      n.hostname && n.hostname !== n.name ? two(n.name, n.hostname) : `<b>${esc(n.name)}</b>`;
    const cpus = n.cpus === undefined ? undefined : `${n.cpus} CPU`;
    return [
      name,
      `<code>${esc(n.address)}</code>`,
      esc(translateCode(t, 'role', n.role)),
      two(n.os, n.kernel),
      two(cpus, formatBytes(n.memoryBytes)),
      n.packages
        ? `${two(n.runtimeVersion, n.kubeletVersion)}<br><small class="muted"><code>${esc(n.packages)}</code></small>`
        : two(n.runtimeVersion, n.kubeletVersion),
      status,
    ];
  });
  return section(
    'nodes',
    t('section.nodes'),
    table(
      headers.map((h) => t(h)),
      rows,
      'nodes',
    ),
  );
}

function componentsHtml(r: Report, t: Translate): string {
  if (r.components.length === 0)
    return section(
      'components',
      t('section.components'),
      `<p class="muted">${esc(t('notChecked'))}</p>`,
    );
  const rows = r.components.map((c) => [
    esc(translateCode(t, 'kind', c.kind)),
    `<code>${esc(c.namespace ? `${c.namespace}/${c.name}` : c.name)}</code>`,
    opt(c.node),
    pill(
      translateCode(t, 'probe', c.status),
      c.status === 'ok' ? 'ok' : c.status === 'failed' ? 'bad' : 'muted',
    ),
    esc(c.detail),
  ]);
  const headers = [
    t('component.kind'),
    t('component.name'),
    t('component.node'),
    t('component.status'),
    t('component.detail'),
  ];
  return section('components', t('section.components'), table(headers, rows));
}

export function renderHtml(r: Report): string {
  const t = translator(r.lang);
  const body = [
    `<header><h1>${esc(r.title)}</h1><div class="meta">${esc(t('generatedBy', { at: formatTime(r.generatedAt), generator: r.generator }))}</div></header>`,
    summaryHtml(r, t),
    nodesHtml(r, t),
    section('topology', t('section.topology'), `<figure>${topologySvg(r, t)}</figure>`),
    haHtml(r, t),
    componentsHtml(r, t),
    timelineHtml(r, t),
    preflightHtml(r, t),
    networkHtml(r, t),
    warningsHtml(r, t),
    configHtml(r, t),
    addNodeHtml(r, t),
    expiryHtml(r, t),
    dayTwoHtml(r, t),
    `<footer>${esc(r.generator)} · schema v${r.schemaVersion}</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="${esc(r.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
