/**
 * One task of the install as an export carries it: the engine's rendered script and the
 * environments its check and apply get on that node (main/services/export/renderSteps.ts).
 */
export interface ExportedTask {
  stepId: string;
  nodeId: string;
  /** The exact bash kubelab sends: the step library (lib.sh) followed by the step's script. */
  script: string;
  /** kubelab runs it detached from the SSH session (kubeadm init/join): Ansible's async. */
  detached: boolean;
  /** The step's attempt timeout, in seconds. */
  timeoutS: number;
  /** Extra attempts after a failure. */
  retries: number;
  /** The check's environment (KL_MODE=check); undefined for a step without a check. */
  checkEnv: Record<string, string> | undefined;
  /** The apply's environment (KL_MODE=apply); may hold `<step.key on node>` placeholders. */
  applyEnv: Record<string, string>;
}

/** A file of an export: its path inside the output directory, its text and mode. */
export interface ExportFile {
  path: string;
  content: string;
  mode: number;
}

/** The output placeholder the engine's dry run renders for a step's output (engine/outputs.ts). */
export const OUTPUT_PLACEHOLDER = /<([a-z0-9-]+)\.([A-Za-z]+) on ([^<>\n]+)>/g;
