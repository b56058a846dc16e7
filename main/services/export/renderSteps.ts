import type { NodeSpec } from '../../../common/model/node';
import type { ClusterPlan } from '../../../common/model/plan';
import type { ExportedTask } from '../../../common/export/exportModel';
import { runInstall } from '../../engine/runner';
import type { ExecOptions, ExecResult, Remote } from '../../engine/remote';
import { CHECK_NEEDED_EXIT, type Step } from '../../engine/step';

/** The check's script and environment as a step handed them to its node. */
interface RecordedCheck {
  script: string;
  env: Record<string, string>;
}

/**
 * A node stand-in for the export's dry run: it records what each check would run (exactly the
 * env the step's own check renders, which may differ from the apply's) and answers "needed", so
 * the engine goes on to render the apply. Nothing else may be called.
 */
function recordingRemote(nodeId: string, checks: RecordedCheck[]): Remote {
  const refuse = (): never => {
    throw new Error(`export: the node ${nodeId} is never contacted`);
  };
  return {
    nodeId,
    exec: (script: string, options?: ExecOptions): Promise<ExecResult> => {
      checks.push({ script, env: { ...(options?.env ?? {}) } });
      return Promise.resolve({ code: CHECK_NEEDED_EXIT, stdout: '', stderr: '' });
    },
    startDetached: refuse,
    followDetached: refuse,
    upload: refuse,
    download: refuse,
    downloadFile: refuse,
    uploadFile: refuse,
  };
}

/**
 * Every task of `steps` on `nodes`, rendered by the engine's own dry run (as `kubelab plan`
 * does): per node and step the script and the check and apply environments. Outputs of other
 * steps (the join token) stay the engine's `<step.key on node>` placeholders; the playbook fills
 * them at run time. The order is the engine's run order.
 */
export async function renderSteps(
  steps: readonly Step<ClusterPlan>[],
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
): Promise<ExportedTask[]> {
  const checks = new Map<string, RecordedCheck[]>();
  const result = await runInstall({
    steps,
    nodes,
    plan,
    dryRun: true,
    probe: true,
    diagnose: false,
    remoteFor: (node) => {
      const list: RecordedCheck[] = [];
      checks.set(node.id, list);
      return recordingRemote(node.id, list);
    },
  });
  const tasks: ExportedTask[] = [];
  for (const t of result.rendered ?? []) {
    if (t.script.startsWith('# cannot render:')) {
      throw new Error(`cannot render ${t.stepId} on ${t.nodeId}: ${t.script.slice(17).trim()}`);
    }
    const step = steps.find((s) => s.id === t.stepId);
    // A step runs once per node, so its KL_STEP names its recorded check.
    const check = checks.get(t.nodeId)?.find((c) => c.env.KL_STEP === t.stepId);
    if (step?.check && !check) {
      throw new Error(`export: the check of ${t.stepId} on ${t.nodeId} was not rendered`);
    }
    tasks.push({
      stepId: t.stepId,
      nodeId: t.nodeId,
      script: t.script,
      detached: t.mode === 'detached',
      timeoutS: Math.ceil((step?.timeoutMs ?? 10 * 60_000) / 1000),
      retries: step?.retries ?? 0,
      checkEnv: check?.env,
      applyEnv: t.env,
    });
  }
  return tasks;
}
