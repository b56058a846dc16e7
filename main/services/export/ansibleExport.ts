import { Document, isScalar, stringify } from 'yaml';
import { stepInfo, type StepId } from '../../../common/catalog/steps';
import {
  buildPlaybook,
  ENV_WRAPPER,
  placeholdersIn,
  type PlaybookStep,
} from '../../../common/export/ansiblePlaybook';
import type { ExportFile, ExportedTask } from '../../../common/export/exportModel';
import { buildInventory, inventoryName, type Inventory } from '../../../common/export/inventory';
import type { NodeSpec } from '../../../common/model/node';
import type { Project } from '../../../common/model/project';
import { INSTALL_STEPS } from '../../steps';
import { remoteScript } from '../../remoteScripts/remoteScripts';
import { renderSteps } from './renderSteps';

/**
 * Settings read from the export's own directory. Pipelining sends each module over the open SSH
 * connection instead of copying it to a temporary file first (fewer round trips per task;
 * docs.ansible.com/ansible/latest/reference_appendices/config.html#ansible-pipelining); kubelab's
 * own engine also runs 10 nodes at once.
 */
const ANSIBLE_CFG = `# kubelab export ansible
[defaults]
inventory = inventory
forks = 10

[ssh_connection]
pipelining = True
`;

/** The host pattern of a step: the Kubespray group holding exactly its nodes, else their names. */
function hostPattern(hosts: readonly string[], inventory: Inventory): string {
  const key = [...hosts].sort().join(',');
  const groups = inventory.all.children;
  const members: Record<string, readonly string[]> = {
    k8s_cluster: Object.keys(inventory.all.hosts),
    kube_control_plane: Object.keys(groups.kube_control_plane?.hosts ?? {}),
    kube_node: Object.keys(groups.kube_node?.hosts ?? {}),
  };
  for (const [group, names] of Object.entries(members)) {
    if ([...names].sort().join(',') === key) return group;
  }
  return hosts.join(':');
}

/** host_vars/<host>.yml: the check and apply environments of each step, marked !unsafe. */
function hostVars(tasks: readonly ExportedTask[]): string {
  const entries: Record<string, { check?: Record<string, string>; apply: Record<string, string> }> =
    {};
  for (const t of tasks) {
    entries[t.stepId] = { ...(t.checkEnv ? { check: t.checkEnv } : {}), apply: t.applyEnv };
  }
  const doc = new Document({ kubelab_tasks: entries });
  // Ansible would template a value holding `{{`; `!unsafe` keeps every value literal
  // (docs.ansible.com/ansible/latest/playbook_guide/playbooks_advanced_syntax.html#unsafe-or-raw-strings).
  for (const t of tasks) {
    for (const phase of ['check', 'apply'] as const) {
      for (const key of Object.keys((phase === 'check' ? t.checkEnv : t.applyEnv) ?? {})) {
        const node = doc.getIn(['kubelab_tasks', t.stepId, phase, key], true);
        if (isScalar(node)) node.tag = '!unsafe';
      }
    }
  }
  return `# kubelab's rendered environment for this host, per step (KL_MODE=check / apply).\n${doc.toString({ lineWidth: 0 })}`;
}

/**
 * The Ansible export of a project: the inventory (Kubespray's groups), per-host environments,
 * kubelab's own step scripts and the playbook that runs them in kubelab's install order.
 * Rendered by the engine's dry run, so every value is the one kubelab itself would send.
 */
export async function buildAnsibleExport(project: Project): Promise<ExportFile[]> {
  const nodes: readonly NodeSpec[] = project.nodes;
  const inventory = buildInventory(nodes);
  const hostOf = new Map(nodes.map((n) => [n.id, inventoryName(n)]));
  const hostOfName = (name: string): string | undefined => {
    const n = nodes.find((x) => x.name === name);
    return n ? inventoryName(n) : undefined;
  };
  const tasks = await renderSteps(INSTALL_STEPS, nodes, project.plan);
  const files: ExportFile[] = [];
  const steps: PlaybookStep[] = [];
  for (const step of INSTALL_STEPS) {
    const mine = tasks.filter((t) => t.stepId === step.id);
    const sample = mine[0];
    if (!sample) continue;
    if (mine.some((t) => t.script !== sample.script))
      throw new Error(`${step.id} renders different scripts on different nodes`);
    files.push({ path: `scripts/${step.id}.sh`, content: sample.script, mode: 0o755 });
    const placeholders = mine.flatMap((t) => placeholdersIn(t.applyEnv, hostOfName));
    const unique = [...new Map(placeholders.map((p) => [p.text, p])).values()];
    steps.push({
      stepId: step.id,
      title: stepInfo(step.id as StepId).title.en,
      hosts: hostPattern(
        mine.map((t) => hostOf.get(t.nodeId) ?? t.nodeId),
        inventory,
      ),
      sample,
      placeholders: unique,
    });
  }
  files.push({
    path: `scripts/${ENV_WRAPPER}`,
    content: remoteScript('export/kubelab-env'),
    mode: 0o755,
  });
  files.push({
    path: 'inventory/hosts.yaml',
    content: `# kubelab's nodes in Kubespray's groups (kubelab export ansible).\n${stringify(inventory)}`,
    mode: 0o644,
  });
  for (const n of nodes) {
    const mine = tasks.filter((t) => t.nodeId === n.id);
    files.push({
      path: `inventory/host_vars/${inventoryName(n)}.yml`,
      content: hostVars(mine),
      mode: 0o644,
    });
  }
  files.push({ path: 'playbook.yml', content: buildPlaybook(steps), mode: 0o644 });
  files.push({ path: 'ansible.cfg', content: ANSIBLE_CFG, mode: 0o644 });
  return files;
}
