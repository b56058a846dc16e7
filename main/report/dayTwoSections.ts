import { esc, formatTime } from '../../common/report/escape';
import type { Report } from '../../common/report/model';
import type { Translate } from '../../common/report/strings';
import { kv, section, table } from './htmlParts';
import { bold, codeSpan, mdTable, mdText } from './markdownText';

/**
 * The day-two sections of the report, in HTML and Markdown side by side so they stay alike: the
 * last etcd backup (what a restore would bring back), the machines removed since the install and
 * the upgrades run on the cluster.
 */

/** Exact bytes: a snapshot's size is checked to the byte before a restore. */
function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}

function backupRows(r: Report, t: Translate): [string, string][] {
  const b = r.lastBackup;
  if (!b) return [];
  return [
    [t('backup.time'), formatTime(b.time)],
    [t('backup.revision'), String(b.revision)],
    [t('backup.size'), bytes(b.size)],
    [t('backup.sha256'), b.sha256],
    [t('backup.file'), b.file],
    [t('backup.versions'), `${b.etcdVersion} / ${b.kubernetesVersion}`],
    [t('backup.node'), b.node],
  ];
}

function removedRows(r: Report, t: Translate): [string, string, string][] {
  return r.removedNodes.map((n) => [
    n.nodeId,
    formatTime(n.at),
    [
      t(n.unreachable ? 'removed.unreachable' : 'removed.reset'),
      ...(n.replacedBy ? [t('removed.replacedBy', { node: n.replacedBy })] : []),
    ].join('; '),
  ]);
}

const removedHeaders = (t: Translate): string[] => [
  t('removed.node'),
  t('removed.at'),
  t('removed.how'),
];

/** `node1: unreachable (upgrade-node); node2: drain skipped (PodDisruptionBudget) (upgrade-drain)` */
function leftBehindText(u: Report['upgrades'][number], t: Translate): string {
  return (u.leftBehind ?? [])
    .map(
      (n) =>
        `${n.nodeId}: ${t(n.reason === 'unreachable' ? 'upgrades.unreachable' : 'upgrades.drainSkipped')} (${n.stepId})`,
    )
    .join('; ');
}

function upgradeRows(r: Report, t: Translate): [string, string, string, string, string][] {
  return r.upgrades.map((u) => [
    formatTime(u.startedAt),
    u.to,
    t(`upgrades.${u.outcome}`),
    u.stoppedAt ? `${u.stoppedAt.nodeId} ${u.stoppedAt.stepId}` : '',
    leftBehindText(u, t),
  ]);
}

const upgradeHeaders = (t: Translate): string[] => [
  t('upgrades.started'),
  t('upgrades.to'),
  t('upgrades.outcome'),
  t('upgrades.stoppedAt'),
  t('upgrades.leftBehind'),
];

export function dayTwoHtml(r: Report, t: Translate): string {
  const backup = r.lastBackup
    ? kv(backupRows(r, t).map(([k, v]) => [k, `<code>${esc(v)}</code>`]))
    : `<p class="muted">${esc(t('backup.none'))}</p>`;
  const removed =
    r.removedNodes.length === 0
      ? `<p class="muted">${esc(t('removed.none'))}</p>`
      : table(
          removedHeaders(t),
          removedRows(r, t).map(([id, at, how]) => [`<code>${esc(id)}</code>`, esc(at), esc(how)]),
        );
  const upgrades =
    r.upgrades.length === 0
      ? `<p class="muted">${esc(t('upgrades.none'))}</p>`
      : table(
          upgradeHeaders(t),
          upgradeRows(r, t).map(([at, to, outcome, stopped, behind]) => [
            esc(at),
            `<code>${esc(to)}</code>`,
            esc(outcome),
            stopped ? `<code>${esc(stopped)}</code>` : '',
            esc(behind),
          ]),
        );
  return [
    section('last-backup', t('section.lastBackup'), backup),
    section('removed-nodes', t('section.removedNodes'), removed),
    section('upgrades', t('section.upgrades'), upgrades),
  ].join('\n');
}

export function dayTwoMarkdown(r: Report, t: Translate): string[] {
  const backup = r.lastBackup
    ? backupRows(r, t)
        .map(([k, v]) => `- ${bold(k).md}: ${codeSpan(v).md}`)
        .join('\n')
    : mdText(t('backup.none'));
  const removed =
    r.removedNodes.length === 0
      ? mdText(t('removed.none'))
      : mdTable(
          removedHeaders(t),
          removedRows(r, t).map(([id, at, how]) => [codeSpan(id), at, how]),
        );
  return [
    `## ${mdText(t('section.lastBackup'))}`,
    backup,
    `## ${mdText(t('section.removedNodes'))}`,
    removed,
    `## ${mdText(t('section.upgrades'))}`,
    r.upgrades.length === 0
      ? mdText(t('upgrades.none'))
      : mdTable(
          upgradeHeaders(t),
          upgradeRows(r, t).map(([at, to, outcome, stopped, behind]) => [
            at,
            codeSpan(to),
            outcome,
            stopped ? codeSpan(stopped) : '',
            behind,
          ]),
        ),
  ];
}
