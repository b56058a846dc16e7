import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import type { HostFacts } from '../../common/model/facts';
import type { RunState } from '../../common/model/runEvent';
import type { PreflightReport } from '../../common/model/preflight';
import type { Project } from '../../common/model/project';
import type { NetworkMatrix, Verification } from '../../common/model/verification';
import type { ReportInput } from '../../common/report/input';
import type { AppliedFix, ReportLang } from '../../common/report/model';
import { nodeSecretKey, type SecretStore } from '../store/secrets';
import { KUBELAB_VERSION } from '../version';
import type { PdfRenderer } from './pdf';

/**
 * Where a report's sources come from, for a face to plug in: facts, preflight and verification
 * are kept by their own services; each is optional and a missing one shows as "not checked".
 * `secrets` lets the report remove the nodes' actual passwords and passphrases verbatim.
 */
export interface ReportDeps {
  facts?: () => Promise<readonly HostFacts[]>;
  preflight?: () => Promise<PreflightReport | undefined>;
  /** The before-install matrices of the same preflight run. */
  preflightMatrices?: () => Promise<readonly NetworkMatrix[]>;
  verification?: () => Promise<Verification | undefined>;
  fixes?: () => Promise<readonly AppliedFix[]>;
  /** The project's downloaded etcd snapshots (main/report/dayTwoSources.ts). */
  snapshots?: () => Promise<readonly SnapshotEntry[]>;
  /** The project's run records, for the removed machines. */
  runs?: () => Promise<readonly RunState[]>;
  secrets?: SecretStore;
  /** PDF printing: Electron's printToPDF on the desktop, Chromium elsewhere (default). */
  pdf?: PdfRenderer;
  /** Opens the system file manager at a file: the desktop's shell.showItemInFolder. */
  reveal?: (path: string) => Promise<void>;
  now?: () => Date;
}

export async function knownSecrets(
  project: Project,
  store: SecretStore | undefined,
): Promise<string[]> {
  if (!store) return [];
  const keys = project.nodes.flatMap((n) => [
    nodeSecretKey(n.id, 'password'),
    nodeSecretKey(n.id, 'passphrase'),
  ]);
  const values = await Promise.all(keys.map((k) => store.get(k).catch(() => undefined)));
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

export async function collectReportInput(
  project: Project,
  deps: ReportDeps,
  lang: ReportLang,
): Promise<ReportInput> {
  const [facts, preflight, preflightMatrices, verification, fixes, secrets, snapshots, runs] =
    await Promise.all([
      deps.facts?.(),
      deps.preflight?.(),
      deps.preflightMatrices?.(),
      deps.verification?.(),
      deps.fixes?.(),
      knownSecrets(project, deps.secrets),
      deps.snapshots?.(),
      deps.runs?.(),
    ]);
  return {
    project,
    facts,
    preflight,
    preflightMatrices,
    verification,
    fixes,
    snapshots,
    runs,
    knownSecrets: secrets,
    lang,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    generator: `kubelab ${KUBELAB_VERSION}`,
  };
}
