import type { PreflightReport } from '../model/preflight';
import type { NetworkMatrix, Verification } from '../model/verification';
import type { ReportComponent, ReportLang, ReportMatrix, ReportPreflight } from './model';

/** API server, system pods and DNS as one list of components with a status each. */
export function buildComponents(v: Verification | undefined): ReportComponent[] {
  if (!v) return [];
  const api: ReportComponent = {
    kind: 'api-server',
    name: '/readyz',
    status: v.apiServer.status,
    detail: v.apiServer.detail ?? v.apiServer.status,
  };
  const pods = v.systemPods.map((p): ReportComponent => ({
    kind: 'pod',
    name: p.name,
    namespace: p.namespace,
    node: p.nodeName,
    status: p.ready ? 'ok' : 'failed',
    detail: `${p.status}, restarts ${p.restarts}`,
  }));
  const dns = v.dns.map((d): ReportComponent => ({
    kind: 'dns',
    name: d.name,
    status: d.status,
    detail: d.answer ?? d.detail ?? d.status,
  }));
  return [api, ...pods, ...dns];
}

export function buildPreflight(
  p: PreflightReport | undefined,
  lang: ReportLang,
): ReportPreflight | null {
  if (!p) return null;
  return {
    ok: p.ok,
    counts: { ...p.counts },
    results: p.results.map((r) => ({
      checkId: r.checkId,
      nodeIds: [...r.nodeIds],
      status: r.status,
      severity: r.severity,
      message: lang === 'zh-CN' ? r.message.zh : r.message.en,
      evidence: r.evidence,
    })),
  };
}

/** Rows and columns in the project's node order (by name or id), strangers after. */
function matrixNodes(m: NetworkMatrix, order: readonly string[][]): string[] {
  const seen = new Set<string>();
  for (const c of m.cells) {
    seen.add(c.from);
    seen.add(c.to);
  }
  const rank = (name: string): number => {
    const i = order.findIndex((aliases) => aliases.includes(name));
    return i === -1 ? order.length : i;
  };
  return [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Before-install matrices first, then after; each with its broken-pair count. */
export function buildMatrices(
  v: Verification | undefined,
  order: readonly string[][],
  preflight: readonly NetworkMatrix[] = [],
): ReportMatrix[] {
  const phaseRank = (m: NetworkMatrix): number => (m.phase === 'before-install' ? 0 : 1);
  const fromVerification = v?.matrices ?? [];
  // The verification's own matrix of a probe wins over preflight's of the same phase and probe.
  const key = (m: NetworkMatrix): string => `${m.phase} ${m.probe}`;
  const verified = new Set(fromVerification.map(key));
  return [...preflight.filter((m) => !verified.has(key(m))), ...fromVerification]
    .sort((a, b) => phaseRank(a) - phaseRank(b))
    .map((m) => ({
      phase: m.phase,
      probe: m.probe,
      nodes: matrixNodes(m, order),
      cells: m.cells.map((c) => ({ ...c })),
      broken: m.cells.filter((c) => !c.ok).length,
    }));
}
