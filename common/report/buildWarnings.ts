import type { Verification } from '../model/verification';
import type {
  ReportExpiry,
  ReportMatrix,
  ReportPreflight,
  ReportTimeline,
  ReportWarning,
} from './model';
import { translateCode, type Translate } from './strings';

/** Certificates closer to expiry than this are worth a warning (tokens expire daily by design). */
const CERT_WARN_MS = 30 * 24 * 3_600_000;

export interface WarningSources {
  preflight: ReportPreflight | null;
  timeline: ReportTimeline;
  verification: Verification | undefined;
  network: readonly ReportMatrix[];
  expiry: readonly ReportExpiry[];
  generatedAt: string;
}

/** Everything a reader should look at, collected from every section, in one list. */
export function buildWarnings(s: WarningSources, t: Translate): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const r of s.preflight?.results ?? []) {
    if (r.status !== 'fail') continue;
    out.push({ source: 'preflight', message: r.message, nodeId: r.nodeIds.join(', ') });
  }
  for (const task of s.timeline.tasks) {
    const base = { source: 'install' as const, nodeId: task.nodeId, stepId: task.stepId };
    if (task.status === 'failed') {
      const error = task.error ?? '';
      out.push({
        ...base,
        message: t('warning.failed', { step: task.stepTitle, node: task.nodeId, error }),
      });
    } else if (task.attempts > 1) {
      out.push({
        ...base,
        message: t('warning.retried', {
          step: task.stepTitle,
          node: task.nodeId,
          n: task.attempts,
        }),
      });
    }
  }
  const v = s.verification;
  if (v) {
    for (const n of v.nodes) {
      if (!n.ready) {
        out.push({
          source: 'verification',
          nodeId: n.name,
          message: t('warning.notReady', { node: n.name, status: n.status }),
        });
      }
    }
    for (const p of v.systemPods) {
      if (p.ready) continue;
      const vars = { ns: p.namespace, name: p.name, status: p.status, restarts: p.restarts };
      out.push({ source: 'verification', nodeId: p.nodeName, message: t('warning.pod', vars) });
    }
    if (v.apiServer.status === 'failed') {
      out.push({
        source: 'verification',
        message: t('warning.readyz', { detail: v.apiServer.detail ?? '' }),
      });
    }
    for (const d of v.dns) {
      if (d.status !== 'failed') continue;
      out.push({
        source: 'verification',
        message: t('warning.dns', { name: d.name, detail: d.detail ?? '' }),
      });
    }
  }
  for (const m of s.network) {
    for (const c of m.cells) {
      if (c.ok) continue;
      const detail = c.detail ? ` (${c.detail})` : '';
      out.push({
        source: 'verification',
        nodeId: c.from,
        message: t('warning.broken', { probe: m.probe, from: c.from, to: c.to, detail }),
      });
    }
  }
  const now = Date.parse(s.generatedAt);
  for (const e of s.expiry) {
    if (e.item === 'bootstrap-token' || e.item === 'certificate-key') continue;
    const left = Date.parse(e.expiresAt) - now;
    if (Number.isFinite(left) && left < CERT_WARN_MS) {
      const item = translateCode(t, 'expiry', e.item);
      out.push({
        source: 'expiry',
        message: t('warning.expiresSoon', { item, name: e.name, at: e.expiresAt }),
      });
    }
  }
  return out;
}
