import { esc, formatDuration, formatTime } from '../../common/report/escape';
import type { Report, ReportMatrix } from '../../common/report/model';
import { translateCode, type Translate } from '../../common/report/strings';
import { ganttSvg } from '../../common/report/svg/gantt';
import { kv, opt, pill, pre, section, table } from './htmlParts';

/** Past this many nodes a from × to grid no longer fits a page: list the broken pairs instead. */
export const MATRIX_GRID_MAX = 16;

/** `08:02:10`: the date is in the run line above the table. */
function clock(iso: string | undefined): string {
  return formatTime(iso).slice(11, 19) || '–';
}

export function timelineHtml(r: Report, t: Translate): string {
  const tl = r.timeline;
  if (tl.tasks.length === 0)
    return section(
      'timeline',
      t('section.timeline'),
      `<p class="muted">${esc(t('outcome.not-run'))}</p>`,
    );
  const head = t('timeline.run', {
    runId: tl.runId ?? '–',
    start: formatTime(tl.startedAt),
    end: formatTime(tl.finishedAt),
    duration: formatDuration(tl.durationMs),
    retries: tl.retries,
  });
  const rows = tl.tasks.map((k) => {
    const tone =
      k.status === 'failed'
        ? 'bad'
        : k.attempts > 1
          ? 'warn'
          : k.status === 'done' || k.status === 'already-done'
            ? 'ok'
            : 'muted';
    return [
      esc(k.nodeId),
      esc(k.stepTitle),
      pill(translateCode(t, 'task', k.status), tone),
      k.attempts > 1 ? `<b class="warn">${k.attempts}</b>` : esc(k.attempts),
      esc(clock(k.startedAt)),
      esc(formatDuration(k.durationMs)),
      opt(k.error ?? k.skipReason),
    ];
  });
  const fixes =
    tl.fixes.length === 0
      ? ''
      : `<h3>${esc(t('timeline.fixes'))}</h3>` +
        table(
          [
            t('timeline.node'),
            t('timeline.step'),
            t('timeline.fix'),
            t('timeline.start'),
            t('timeline.commands'),
          ],
          tl.fixes.map((f) => [
            esc(f.nodeId),
            opt(f.stepId),
            `<code>${esc(f.fixId)}</code>`,
            esc(formatTime(f.at)),
            `<code>${esc(f.commands.join(' && '))}</code>`,
          ]),
        );
  const headers = [
    t('timeline.node'),
    t('timeline.step'),
    t('timeline.status'),
    t('timeline.attempts'),
    t('timeline.start'),
    t('timeline.duration'),
    t('timeline.error'),
  ];
  return section(
    'timeline',
    t('section.timeline'),
    `<p>${esc(head)}</p><figure>${ganttSvg(r, t)}</figure>${fixes}${table(headers, rows)}`,
  );
}

export function preflightHtml(r: Report, t: Translate): string {
  const p = r.preflight;
  if (!p)
    return section(
      'preflight',
      t('section.preflight'),
      `<p class="muted">${esc(t('notChecked'))}</p>`,
    );
  const shown = p.results.filter((x) => x.status !== 'pass');
  const hidden = p.results.length - shown.length;
  const rows = shown.map((x) => {
    const label =
      x.status === 'fail'
        ? t(x.severity === 'block' ? 'preflight.fail.block' : 'preflight.fail.warn')
        : t('preflight.unknown');
    const tone = x.status === 'fail' ? (x.severity === 'block' ? 'bad' : 'warn') : 'muted';
    return [
      `<code>${esc(x.checkId)}</code>`,
      esc(x.nodeIds.join(', ')),
      pill(label, tone),
      esc(x.message),
      `<code>${esc(x.evidence)}</code>`,
    ];
  });
  const headers = [
    t('preflight.check'),
    t('preflight.nodes'),
    t('preflight.result'),
    t('preflight.message'),
    t('preflight.evidence'),
  ];
  const body =
    `<p>${pill(p.ok ? t('yes') : t('no'), p.ok ? 'ok' : 'bad')} ${esc(t('preflight.counts', p.counts))}</p>` +
    (rows.length > 0 ? table(headers, rows) : '') +
    (hidden > 0 ? `<p class="muted">${esc(t('preflight.passedHidden', { n: hidden }))}</p>` : '');
  return section('preflight', t('section.preflight'), body);
}

function matrixHtml(m: ReportMatrix, t: Translate): string {
  const title = `${t(m.phase === 'before-install' ? 'network.before-install' : 'network.after-install')} · ${m.probe}`;
  const verdict =
    m.broken === 0
      ? pill(t('network.allOk'), 'ok')
      : pill(t('network.broken', { n: m.broken }), 'bad');
  const cell = new Map(m.cells.map((c) => [`${c.from}\u0000${c.to}`, c]));
  if (m.nodes.length <= MATRIX_GRID_MAX) {
    const rows = m.nodes.map((from) => [
      `<b>${esc(from)}</b>`,
      ...m.nodes.map((to) => {
        const c = cell.get(`${from}\u0000${to}`);
        if (!c) return from === to ? '·' : '–';
        const tip = c.detail ?? (c.rttMs !== undefined ? `${c.rttMs} ms` : '');
        return c.ok
          ? `✓${c.rttMs !== undefined ? `<br><small>${esc(c.rttMs)} ms</small>` : ''}`
          : `✗<br><small>${esc(tip)}</small>`;
      }),
    ]);
    const html = table([t('network.fromTo'), ...m.nodes], rows, 'matrix')
      .replace(/<td>✓/g, '<td class="y">✓')
      .replace(/<td>✗/g, '<td class="n">✗')
      .replace(/<td>([·–])<\/td>/g, '<td class="d">$1</td>');
    return `<h3>${esc(title)} ${verdict}</h3>${html}`;
  }
  const broken = m.cells.filter((c) => !c.ok);
  const list =
    broken.length === 0
      ? ''
      : table(
          [t('network.brokenList'), ''],
          broken.map((c) => [`${esc(c.from)} → ${esc(c.to)}`, opt(c.detail)]),
        );
  return `<h3>${esc(title)} ${verdict}</h3><p class="muted">${esc(t('network.tooLarge', { n: m.nodes.length }))}</p>${list}`;
}

export function networkHtml(r: Report, t: Translate): string {
  const body =
    r.network.length === 0
      ? `<p class="muted">${esc(t('notChecked'))}</p>`
      : r.network.map((m) => matrixHtml(m, t)).join('');
  return section('network', t('section.network'), body);
}

export function warningsHtml(r: Report, t: Translate): string {
  if (r.warnings.length === 0)
    return section('warnings', t('section.warnings'), `<p class="ok">${esc(t('none'))}</p>`);
  const items = r.warnings.map(
    (w) =>
      `<li><span class="src">${esc(translateCode(t, 'warning.source', w.source))}</span> ${esc(w.message)}</li>`,
  );
  return section('warnings', t('section.warnings'), `<ul class="warnings">${items.join('')}</ul>`);
}

export function configHtml(r: Report, t: Translate): string {
  const body =
    r.kubeadmConfig === null
      ? `<p class="muted">${esc(t('kubeadmConfig.unavailable'))}</p>`
      : pre(r.kubeadmConfig, 'config');
  return section('kubeadm-config', t('section.kubeadmConfig'), body);
}

export function addNodeHtml(r: Report, t: Translate): string {
  const a = r.addNode;
  const [intro = '', ...steps] = a.steps;
  const body =
    `<p>${esc(intro)}</p><ol>${steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>` +
    `<h3>${esc(t('addNode.token'))}</h3>${pre(a.tokenCommand)}` +
    `<h3>${esc(t('addNode.join'))}</h3>${pre(a.joinCommand)}` +
    `<h3>${esc(t('addNode.certKey'))}</h3>${pre(a.certificateKeyCommand)}`;
  return section('add-node', t('section.addNode'), body);
}

export function expiryHtml(r: Report, t: Translate): string {
  if (r.expiry.length === 0)
    return section('expiry', t('section.expiry'), `<p class="muted">${esc(t('notChecked'))}</p>`);
  const rows = r.expiry.map((e) => [
    esc(translateCode(t, 'expiry', e.item)),
    `<code>${esc(e.name)}</code>`,
    esc(formatTime(e.expiresAt)),
    esc(translateCode(t, 'expiry', e.source)),
  ]);
  return section(
    'expiry',
    t('section.expiry'),
    table([t('expiry.item'), t('expiry.name'), t('expiry.expiresAt'), t('expiry.source')], rows),
  );
}

export { kv };
