import type { HostFacts } from '../model/facts';
import { renderKubeadmConfig } from '../plan/kubeadmConfig';
import { buildAddNode, buildExpiry } from './buildCredentials';
import { buildHa } from './buildHa';
import { buildLastBackup, buildRemovedNodes, buildUpgradeHistory } from './buildDayTwo';
import { buildComponents, buildMatrices, buildPreflight } from './buildHealth';
import { buildNodes, buildSummary } from './buildSummary';
import { buildTimeline } from './buildTimeline';
import { buildWarnings } from './buildWarnings';
import type { ReportInput } from './input';
import { REPORT_SCHEMA_VERSION, type Report } from './model';
import { REDACTED, Redactor } from './redact';
import { translator } from './strings';

function kubeadmConfig(input: ReportInput): string | null {
  const first = input.project.nodes.find((n) => n.role === 'control-plane');
  try {
    return renderKubeadmConfig(input.project.plan, first ? { nodeName: first.name } : {});
  } catch {
    // A plan whose version left the catalog still gets a report, without this section.
    return null;
  }
}

/**
 * Builds the report model (pure: same input, same report). The last thing it does is redact
 * every string in it, so no writer can leak a token, a certificate key, a password or a private
 * key that slipped into a node label, an error message or the plan.
 */
export function buildReport(input: ReportInput): Report {
  const t = translator(input.lang);
  const { project, verification } = input;
  const facts = new Map<string, HostFacts>((input.facts ?? []).map((f) => [f.nodeId, f]));
  const summary = buildSummary(project, verification);
  const nodes = buildNodes(project, facts, verification);
  const timeline = buildTimeline(project, input.fixes ?? [], input.lang);
  const preflight = buildPreflight(input.preflight, input.lang);
  const aliases = project.nodes.map((n) =>
    [n.name, n.id, n.address, facts.get(n.id)?.hostname].filter((s): s is string => Boolean(s)),
  );
  const network = buildMatrices(verification, aliases, input.preflightMatrices);
  const expiry = buildExpiry(project, verification);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    lang: input.lang,
    generatedAt: input.generatedAt,
    generator: input.generator,
    title: `${t('title')}: ${project.name ?? project.plan.clusterName}`,
    summary,
    nodes,
    components: buildComponents(verification),
    timeline,
    preflight,
    network,
    warnings: buildWarnings(
      { preflight, timeline, verification, network, expiry, generatedAt: input.generatedAt },
      t,
    ),
    kubeadmConfig: kubeadmConfig(input),
    addNode: buildAddNode(project, t),
    expiry,
    ha: buildHa(project, facts, verification, input.runs),
    lastBackup: buildLastBackup(input.snapshots),
    removedNodes: buildRemovedNodes(input.runs),
    upgrades: buildUpgradeHistory(input.runs),
  };
  return new Redactor(input.knownSecrets, REDACTED, reportChecksums(report)).deep(report);
}

/**
 * The checksums a report shows and redaction keeps (Redactor's `checksums`): the last snapshot's
 * SHA-256, read from the schema-checked snapshots index. The writers' last pass keeps it too.
 */
export function reportChecksums(report: Pick<Report, 'lastBackup'>): ReadonlySet<string> {
  const sha = report.lastBackup?.sha256;
  return new Set(sha && /^[0-9a-f]{64}$/.test(sha) ? [sha] : []);
}
