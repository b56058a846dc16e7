import type { SnapshotEntry } from '../etcd/snapshotIndex';
import type { HostFacts } from '../model/facts';
import type { RunState } from '../model/runEvent';
import type { PreflightReport } from '../model/preflight';
import type { Project } from '../model/project';
import type { NetworkMatrix, Verification } from '../model/verification';
import type { AppliedFix, ReportLang } from './model';

/**
 * Everything a report is built from. Only the project is required: a report of a plan that was
 * never installed is still useful (plan, kubeadm config, how to add a node), and each missing
 * source shows as "not checked" rather than failing the export.
 */
export interface ReportInput {
  project: Project;
  /** Facts gathered from the nodes (any order; matched by nodeId). */
  facts?: readonly HostFacts[];
  preflight?: PreflightReport;
  /**
   * The node-to-node port matrices preflight measured before the install (`kubelab preflight
   * --json` has them beside its report); the verification has only the after-install ones.
   */
  preflightMatrices?: readonly NetworkMatrix[];
  verification?: Verification;
  /** Fixes the diagnosis flow applied during the run (issue 8). */
  fixes?: readonly AppliedFix[];
  /** The project's downloaded etcd snapshots (its snapshots index), any order. */
  snapshots?: readonly SnapshotEntry[];
  /** The project's run records (`<project>.runs/`): removals are read from them. */
  runs?: readonly RunState[];
  /**
   * Secret values the caller knows (node passwords and passphrases from the keychain): removed
   * verbatim wherever they appear, on top of the pattern-based redaction.
   */
  knownSecrets?: readonly string[];
  lang: ReportLang;
  /** ISO time; passed in so the build stays pure and reproducible. */
  generatedAt: string;
  /** `kubelab 0.1.0`. */
  generator: string;
}
