import { formatBytes, formatDuration, formatTime } from '../../common/report/escape';
import { dayTwoMarkdown } from './dayTwoSections';
import type { Report, ReportMatrix } from '../../common/report/model';
import { nodesValue, translateCode, translator, type Translate } from '../../common/report/strings';
import { MATRIX_GRID_MAX } from './htmlSections';
import { haMarkdown } from './markdownHa';
import { bold, codeSpan, fence, mdTable, mdText } from './markdownText';

/**
 * The report as Markdown for wikis and tickets (GitHub / GitLab flavoured): tables, fenced code,
 * and the topology as a Mermaid graph, which those wikis draw. Every value goes through
 * markdownText.ts (escaped as text); only the report's own bold and code spans are Markdown.
 */
function mermaidId(i: number): string {
  return `n${i}`;
}

/**
 * A label inside `["…"]`: no quote to end it, no markup (Mermaid draws labels as HTML), no `#` or
 * `&` entity codes that Mermaid would turn back into `<` (https://mermaid.js.org/syntax/flowchart.html
 * "Entity codes to escape characters"), no new line to end the statement.
 */
function mermaidLabel(text: string): string {
  return text.replace(/["<>#&`\r\n]/g, ' ');
}

function topology(r: Report, t: Translate): string {
  const lines = [
    'graph TD',
    `  api(["${mermaidLabel(`${t('topology.endpoint')}: ${r.summary.endpoint}`)}"])`,
  ];
  const idx = new Map<string, string>();
  r.nodes.forEach((n, i) => {
    idx.set(n.name, mermaidId(i));
    idx.set(n.id, mermaidId(i));
    lines.push(
      `  ${mermaidId(i)}["${mermaidLabel(`${n.name} ${n.address} · ${translateCode(t, 'health', n.status)}`)}"]`,
    );
  });
  const cps = r.nodes.map((n, i) => ({ n, i })).filter((x) => x.n.role === 'control-plane');
  const first = cps[0];
  for (const { i } of cps) lines.push(`  api --- ${mermaidId(i)}`);
  r.nodes.forEach((n, i) => {
    if (n.role !== 'control-plane' && first)
      lines.push(`  ${mermaidId(first.i)} --- ${mermaidId(i)}`);
  });
  for (const m of r.network.filter((x) => x.phase === 'after-install')) {
    for (const c of m.cells.filter((x) => !x.ok).slice(0, 24)) {
      const a = idx.get(c.from);
      const b = idx.get(c.to);
      if (a && b) lines.push(`  ${a} -. "✗ ${mermaidLabel(m.probe)}" .-> ${b}`);
    }
  }
  return fence(lines.join('\n'), 'mermaid');
}

function matrix(m: ReportMatrix, t: Translate): string {
  const title = `### ${mdText(`${t(m.phase === 'before-install' ? 'network.before-install' : 'network.after-install')} · ${m.probe} — ${m.broken === 0 ? t('network.allOk') : t('network.broken', { n: m.broken })}`)}`;
  const broken = m.cells.filter((c) => !c.ok);
  if (m.nodes.length > MATRIX_GRID_MAX) {
    const list =
      broken.length === 0
        ? ''
        : `\n\n${mdTable(
            [t('network.brokenList'), ''],
            broken.map((c) => [`${c.from} → ${c.to}`, c.detail]),
          )}`;
    return `${title}\n\n${mdText(t('network.tooLarge', { n: m.nodes.length }))}${list}`;
  }
  const at = new Map(m.cells.map((c) => [`${c.from}\u0000${c.to}`, c]));
  const rows = m.nodes.map((from) => [
    bold(from),
    ...m.nodes.map((to) => {
      const c = at.get(`${from}\u0000${to}`);
      if (!c) return from === to ? '·' : '–';
      return c.ok ? '✓' : `✗ ${c.detail ?? ''}`.trim();
    }),
  ]);
  return `${title}\n\n${mdTable([t('network.fromTo'), ...m.nodes], rows)}`;
}

export function renderMarkdown(r: Report): string {
  const t = translator(r.lang);
  const s = r.summary;
  const out: string[] = [
    `# ${mdText(r.title)}`,
    `_${mdText(t('generatedBy', { at: formatTime(r.generatedAt), generator: r.generator }))}_`,
  ];
  const h = (key: Parameters<Translate>[0]): void => void out.push(`## ${mdText(t(key))}`);
  const say = (text: string): void => void out.push(mdText(text));
  h('section.summary');
  out.push(
    mdTable(
      ['', ''],
      [
        ...(s.projectName ? [[t('summary.projectName'), s.projectName]] : []),
        [t('summary.clusterName'), s.clusterName],
        [t('summary.kubernetesVersion'), `v${s.kubernetesVersion}`],
        [t('summary.endpoint'), codeSpan(s.endpoint)],
        [t('summary.runtime'), translateCode(t, 'value.runtime', s.runtime)],
        [t('summary.cni'), `${s.cni}${s.cniVersion ? ` ${s.cniVersion}` : ''}`],
        [t('summary.mirrorProfile'), translateCode(t, 'value.mirrorProfile', s.mirrorProfile)],
        [t('summary.imageRepository'), codeSpan(s.imageRepository)],
        [t('summary.podCidr'), s.podCidr],
        [t('summary.serviceCidr'), s.serviceCidr],
        [t('summary.dnsDomain'), s.dnsDomain],
        [
          t('summary.controlPlaneMode'),
          translateCode(t, 'value.controlPlaneMode', s.controlPlaneMode),
        ],
        [t('summary.nodes'), nodesValue(t, s.controlPlaneNodes, s.workerNodes)],
        [t('summary.outcome'), translateCode(t, 'outcome', s.outcome)],
        [
          t('summary.healthy'),
          s.healthy === null ? t('notChecked') : s.healthy ? t('yes') : t('no'),
        ],
      ],
    ),
  );
  h('section.nodes');
  out.push(
    mdTable(
      [
        t('node.name'),
        t('node.address'),
        t('node.role'),
        t('node.os'),
        t('node.kernel'),
        t('node.cpus'),
        t('node.memory'),
        t('node.runtime'),
        t('node.kubelet'),
        t('node.packages'),
        t('node.status'),
      ],
      r.nodes.map((n) => [
        n.name,
        n.address,
        translateCode(t, 'role', n.role),
        n.os,
        n.kernel,
        n.cpus,
        formatBytes(n.memoryBytes),
        n.runtimeVersion,
        n.kubeletVersion,
        n.packages,
        translateCode(t, 'health', n.status),
      ]),
    ),
  );
  h('section.topology');
  out.push(topology(r, t));
  const ha = haMarkdown(r, t);
  if (ha) out.push(ha);
  h('section.components');
  out.push(
    r.components.length === 0
      ? mdText(t('notChecked'))
      : mdTable(
          [
            t('component.kind'),
            t('component.name'),
            t('component.node'),
            t('component.status'),
            t('component.detail'),
          ],
          r.components.map((c) => [
            translateCode(t, 'kind', c.kind),
            c.namespace ? `${c.namespace}/${c.name}` : c.name,
            c.node,
            translateCode(t, 'probe', c.status),
            c.detail,
          ]),
        ),
  );
  h('section.timeline');
  const tl = r.timeline;
  say(
    t('timeline.run', {
      runId: tl.runId ?? '–',
      start: formatTime(tl.startedAt),
      end: formatTime(tl.finishedAt),
      duration: formatDuration(tl.durationMs),
      retries: tl.retries,
    }),
  );
  out.push(
    mdTable(
      [
        t('timeline.node'),
        t('timeline.step'),
        t('timeline.status'),
        t('timeline.attempts'),
        t('timeline.start'),
        t('timeline.duration'),
        t('timeline.error'),
      ],
      tl.tasks.map((k) => [
        k.nodeId,
        k.stepTitle,
        translateCode(t, 'task', k.status),
        k.attempts,
        formatTime(k.startedAt),
        formatDuration(k.durationMs),
        k.error ?? k.skipReason,
      ]),
    ),
  );
  if (tl.fixes.length > 0) {
    out.push(`### ${mdText(t('timeline.fixes'))}`);
    out.push(
      mdTable(
        [t('timeline.node'), t('timeline.step'), t('timeline.fix'), t('timeline.commands')],
        tl.fixes.map((f) => [f.nodeId, f.stepId, f.fixId, f.commands.join(' && ')]),
      ),
    );
  }
  h('section.preflight');
  const p = r.preflight;
  if (!p) say(t('notChecked'));
  else {
    say(t('preflight.counts', p.counts));
    const shown = p.results.filter((x) => x.status !== 'pass');
    if (shown.length > 0) {
      out.push(
        mdTable(
          [
            t('preflight.check'),
            t('preflight.nodes'),
            t('preflight.result'),
            t('preflight.message'),
            t('preflight.evidence'),
          ],
          shown.map((x) => [
            x.checkId,
            x.nodeIds.join(', '),
            x.status === 'fail'
              ? t(x.severity === 'block' ? 'preflight.fail.block' : 'preflight.fail.warn')
              : t('preflight.unknown'),
            x.message,
            x.evidence,
          ]),
        ),
      );
    }
    const hidden = p.results.length - shown.length;
    if (hidden > 0) say(t('preflight.passedHidden', { n: hidden }));
  }
  h('section.network');
  out.push(
    r.network.length === 0
      ? mdText(t('notChecked'))
      : r.network.map((m) => matrix(m, t)).join('\n\n'),
  );
  h('section.warnings');
  out.push(
    r.warnings.length === 0
      ? mdText(t('none'))
      : r.warnings
          .map(
            (w) =>
              `- ${bold(translateCode(t, 'warning.source', w.source)).md} ${mdText(w.message)}`,
          )
          .join('\n'),
  );
  h('section.kubeadmConfig');
  out.push(
    r.kubeadmConfig === null
      ? mdText(t('kubeadmConfig.unavailable'))
      : fence(r.kubeadmConfig, 'yaml'),
  );
  h('section.addNode');
  const [intro = '', ...steps] = r.addNode.steps;
  out.push(mdText(intro), steps.map((x, i) => `${i + 1}. ${mdText(x)}`).join('\n'));
  out.push(bold(t('addNode.token')).md, fence(r.addNode.tokenCommand, 'sh'));
  out.push(bold(t('addNode.join')).md, fence(r.addNode.joinCommand, 'sh'));
  out.push(bold(t('addNode.certKey')).md, fence(r.addNode.certificateKeyCommand, 'sh'));
  h('section.expiry');
  out.push(
    r.expiry.length === 0
      ? mdText(t('notChecked'))
      : mdTable(
          [t('expiry.item'), t('expiry.name'), t('expiry.expiresAt'), t('expiry.source')],
          r.expiry.map((e) => [
            translateCode(t, 'expiry', e.item),
            e.name,
            formatTime(e.expiresAt),
            translateCode(t, 'expiry', e.source),
          ]),
        ),
  );
  out.push(...dayTwoMarkdown(r, t));
  return `${out.join('\n\n')}\n`;
}
