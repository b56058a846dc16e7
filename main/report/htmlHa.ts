import { esc, formatTime } from '../../common/report/escape';
import type { Report } from '../../common/report/model';
import { translateCode, type Translate } from '../../common/report/strings';
import { kv, pill, section, table } from './htmlParts';

type Ha = NonNullable<Report['ha']>;
type Probe = Ha['etcdMembers'][number]['status'];
type NodeStatus = Ha['controlPlanes'][number]['node'];

/** Who held the VIP and when that was seen (the facts' time), or "not checked". */
export function vipHolderText(ha: Ha, t: Translate): string {
  if (!ha.vipHolder) return t('notChecked');
  return ha.vipSeenAt
    ? t('ha.seenAt', { holder: ha.vipHolder, at: formatTime(ha.vipSeenAt) })
    : ha.vipHolder;
}

/**
 * The last failover test in one line: outcome and time, where the VIP went and how fast, whether
 * the API answered through it and the holder was put back; a failed test's error after it.
 */
export function failoverText(ha: Ha, t: Translate): string {
  const f = ha.failoverTest;
  if (!f) return t('ha.failoverNone');
  const head = { outcome: translateCode(t, 'outcome', f.outcome), at: formatTime(f.at) };
  const parts = [
    f.oldHolder && f.newHolder
      ? t('ha.failoverMoved', {
          ...head,
          from: f.oldHolder,
          to: f.newHolder,
          moved: f.movedSeconds ?? '?',
        })
      : t('ha.failoverNotMoved', head),
  ];
  if (f.apiAnswered !== undefined) {
    parts.push(
      f.apiAnswered ? t('ha.failoverApi', { s: f.apiSeconds ?? '?' }) : t('ha.failoverNoApi'),
    );
  }
  if (f.restored !== undefined) {
    parts.push(f.restored ? t('ha.failoverRestored') : t('ha.failoverNotRestored'));
  }
  const line = parts.join(t('ha.failoverJoin'));
  return f.error && f.outcome !== 'succeeded' ? `${line} — ${f.error}` : line;
}

/** `ok (Running)`: a probe's status in the report's language, with the cluster's own words. */
export function probeText(t: Translate, status: Probe, detail: string | undefined): string {
  const word = translateCode(t, 'probe', status);
  return detail ? t('ha.withDetail', { status: word, detail }) : word;
}

export function nodeText(t: Translate, node: NodeStatus): string {
  return translateCode(t, 'health', node);
}

function tone(status: Probe | NodeStatus): 'ok' | 'bad' | 'muted' {
  if (status === 'ok' || status === 'ready') return 'ok';
  return status === 'unknown' ? 'muted' : 'bad';
}

/** The endpoint, what keeps it, who holds the VIP and the quorum, as label / value rows. */
function facts(ha: Ha, t: Translate): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [t('ha.endpoint'), `<code>${esc(ha.endpoint)}</code>`],
    [t('ha.topology'), esc(translateCode(t, 'ha', ha.topology))],
    [t('ha.loadBalancer'), esc(translateCode(t, 'ha', ha.loadBalancer))],
  ];
  if (ha.vip) {
    rows.push([t('ha.vip'), `<code>${esc(ha.vip)}</code> (${esc(ha.interface ?? '')})`]);
    rows.push([t('ha.vipHolder'), esc(vipHolderText(ha, t))]);
    rows.push([t('ha.failoverTest'), esc(failoverText(ha, t))]);
  }
  const quorum = t('ha.etcdValue', { n: ha.etcdMembers.length, f: ha.toleratedFailures });
  rows.push([t('ha.etcdMembers'), esc(quorum)]);
  return rows;
}

/** The HA section: facts, then each control plane's and each etcd member's health; nothing for a single control plane. */
export function haHtml(r: Report, t: Translate): string {
  const ha = r.ha;
  if (!ha) return '';
  const controlPlanes = table(
    [t('ha.controlPlanes'), t('node.address'), t('ha.node'), t('ha.apiServer')],
    ha.controlPlanes.map((c) => [
      esc(c.name),
      `<code>${esc(c.address)}</code>`,
      pill(nodeText(t, c.node), tone(c.node)),
      pill(probeText(t, c.apiServer, c.apiServerDetail), tone(c.apiServer)),
    ]),
  );
  const members = table(
    [t('ha.member'), t('ha.health')],
    ha.etcdMembers.map((m) => [
      esc(m.name),
      pill(probeText(t, m.status, m.detail), tone(m.status)),
    ]),
  );
  return section('ha', t('section.ha'), kv(facts(ha, t)) + controlPlanes + members);
}
