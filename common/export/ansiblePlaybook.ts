import { stringify } from 'yaml';
import { OUTPUT_PLACEHOLDER, type ExportedTask } from './exportModel';

/** Where the playbook puts kubelab's scripts on a node (beside kubelab's detached runs). */
export const NODE_SCRIPT_DIR = '/var/lib/kubelab/ansible';
/** The wrapper that reads a step's environment from stdin (scripts/kubelab-env.sh). */
export const ENV_WRAPPER = 'kubelab-env.sh';

/**
 * Steps whose outputs later steps use, and how the playbook collects them at run time with the
 * step's own script: kubeadm-init's KL_MODE=join-info prints `KL_OUT key=value` lines (the CA
 * hash and a bootstrap token, minted on the control plane; main/steps/kubeadm-init.ts joinInfo).
 */
const OUTPUT_MODES: Record<string, string> = { 'kubeadm-init': 'join-info' };

export interface PlaybookStep {
  stepId: string;
  title: string;
  /** The host pattern: a Kubespray group when the step's nodes are exactly one, else names. */
  hosts: string;
  /** One task's shape (all nodes of a step share it). */
  sample: ExportedTask;
  /** Placeholders in the apply environments: `<step.key on node>` → what fills it. */
  placeholders: readonly Placeholder[];
}

export interface Placeholder {
  text: string;
  stepId: string;
  key: string;
  /** The inventory name of the node that produces it. */
  host: string;
}

/** Every `<step.key on node>` in `env`, with the producing node resolved by `hostOfName`. */
export function placeholdersIn(
  env: Record<string, string>,
  hostOfName: (nodeName: string) => string | undefined,
): Placeholder[] {
  const found = new Map<string, Placeholder>();
  for (const value of Object.values(env)) {
    for (const m of value.matchAll(OUTPUT_PLACEHOLDER)) {
      const [text, stepId, key, nodeName] = m;
      if (!text || !stepId || !key || !nodeName) continue;
      if (!(stepId in OUTPUT_MODES))
        throw new Error(`the playbook cannot collect ${stepId}'s outputs at run time`);
      const host = hostOfName(nodeName);
      if (!host) throw new Error(`the output placeholder ${text} names no node of the inventory`);
      found.set(text, { text, stepId, key, host });
    }
  }
  return [...found.values()];
}

const script = (name: string): string => `${NODE_SCRIPT_DIR}/${name}`;
const jinjaString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The stdin of the wrapper: `NAME BASE64` lines of an environment held in host_vars. */
function envLines(envExpr: string, fill = ''): string {
  return `{% for k, v in (${envExpr}).items() %}{{ k }} {{ v${fill} | b64encode }}\n{% endfor %}`;
}

/** Jinja filters replacing each placeholder by the fact collected on its node. */
function fillFilters(placeholders: readonly Placeholder[]): string {
  return placeholders
    .map(
      (p) =>
        ` | replace(${jinjaString(p.text)}, hostvars[${jinjaString(p.host)}].kubelab_outputs[${jinjaString(p.stepId)}][${jinjaString(p.key)}])`,
    )
    .join('');
}

function command(stepId: string, stdin: string): Record<string, unknown> {
  return {
    argv: ['bash', script(ENV_WRAPPER), script(`${stepId}.sh`)],
    stdin,
  };
}

/** The play that runs a producing step's output mode and keeps the result as a fact (no log). */
function collectPlay(stepId: string, host: string): Record<string, unknown> {
  const mode = OUTPUT_MODES[stepId] ?? '';
  const lines = `kubelab_collected.stdout_lines | select('match', '^KL_OUT [A-Za-z]+=')`;
  return {
    name: `kubelab: collect ${stepId}'s outputs on ${host} (KL_MODE=${mode})`,
    hosts: host,
    become: true,
    gather_facts: false,
    tasks: [
      {
        name: `${stepId}: ${mode}`,
        'ansible.builtin.command': command(
          stepId,
          `KL_MODE {{ ${jinjaString(mode)} | b64encode }}\nKL_STEP {{ ${jinjaString(stepId)} | b64encode }}\n`,
        ),
        register: 'kubelab_collected',
        changed_when: false,
        // The output holds a bootstrap token: never printed, never in a log.
        no_log: true,
        when: 'not ansible_check_mode',
      },
      {
        name: `${stepId}: keep the outputs for the nodes that need them`,
        'ansible.builtin.set_fact': {
          kubelab_outputs: `{{ (kubelab_outputs | default({})) | combine({${jinjaString(stepId)}: dict((${lines} | map('regex_replace', '^KL_OUT ([A-Za-z]+)=.*$', '\\1') | list) | zip(${lines} | map('regex_replace', '^KL_OUT [A-Za-z]+=(.*)$', '\\1') | list))}) }}`,
        },
        no_log: true,
        when: 'not ansible_check_mode',
      },
    ],
  };
}

/** The play of one step: its check (read-only, also in check mode), then its apply if needed. */
function stepPlay(step: PlaybookStep, batch: number): Record<string, unknown> {
  const id = step.stepId;
  const t = step.sample;
  const entry = `kubelab_tasks[${jinjaString(id)}]`;
  const secret = step.placeholders.length > 0;
  const tasks: Record<string, unknown>[] = [];
  if (t.checkEnv) {
    tasks.push({
      name: `${id}: check (exit 0 done, 100 needed)`,
      'ansible.builtin.command': command(id, envLines(`${entry}.check`)),
      register: 'kubelab_check',
      // The check is read-only, so it runs in --check too, where "changed" means "needed".
      check_mode: false,
      changed_when: 'ansible_check_mode and kubelab_check.rc == 100',
      failed_when: 'kubelab_check.rc not in [0, 100]',
    });
  }
  const apply: Record<string, unknown> = {
    name: `${id}: apply`,
    'ansible.builtin.command': command(
      id,
      envLines(`${entry}.apply`, secret ? fillFilters(step.placeholders) : ''),
    ),
    register: 'kubelab_apply',
    changed_when: true,
    when: t.checkEnv
      ? 'not ansible_check_mode and kubelab_check.rc == 100'
      : 'not ansible_check_mode',
  };
  // kubelab runs long steps detached from the SSH session; Ansible's equivalent is async + poll.
  if (t.detached) Object.assign(apply, { async: t.timeoutS, poll: 5 });
  else apply.timeout = t.timeoutS;
  if (t.retries > 0)
    Object.assign(apply, { retries: t.retries, delay: 5, until: 'kubelab_apply.rc == 0' });
  if (secret) apply.no_log = true;
  tasks.push(apply);
  const play: Record<string, unknown> = {
    name: `kubelab step ${id}: ${step.title}`,
    hosts: step.hosts,
    become: true,
    gather_facts: false,
  };
  // Workers join in batches (kubelab's own engine runs up to 10 nodes at once).
  if (step.hosts === 'kube_node') play.serial = `{{ kubelab_batch | default(${batch}) }}`;
  play.tasks = tasks;
  return play;
}

const HEADER = `# kubelab's install as an Ansible playbook (exported by \`kubelab export ansible\`).
# Each play runs one of kubelab's own step scripts (scripts/<step>.sh: kubelab's lib.sh followed
# by main/steps/scripts/<step>.sh, byte for byte what kubelab sends) in kubelab's order, with the
# environment kubelab renders for that node (inventory/host_vars/<host>.yml: kubelab_tasks).
# The environment goes to the script on stdin (scripts/kubelab-env.sh), never on a command line.
# --check runs only the read-only checks: "changed" there means the step is still needed.
# The join token is minted on the control plane at run time and never written to a file.
#   ansible-playbook -i inventory playbook.yml [--check] [-e kubelab_batch=N]
`;

/** playbook.yml for `steps` (in kubelab's order). */
export function buildPlaybook(steps: readonly PlaybookStep[], batch = 10): string {
  const plays: Record<string, unknown>[] = [
    {
      name: "kubelab: copy kubelab's step scripts",
      hosts: 'k8s_cluster',
      become: true,
      gather_facts: false,
      tasks: [
        {
          name: `the step scripts, to ${NODE_SCRIPT_DIR}`,
          'ansible.builtin.copy': { src: 'scripts/', dest: `${NODE_SCRIPT_DIR}/`, mode: '0700' },
          // The checks need them on the node, so --check copies them too (nothing else).
          check_mode: false,
        },
      ],
    },
  ];
  const collected = new Set<string>();
  for (const step of steps) {
    for (const p of step.placeholders) {
      const key = `${p.stepId}@${p.host}`;
      if (collected.has(key)) continue;
      collected.add(key);
      plays.push(collectPlay(p.stepId, p.host));
    }
    plays.push(stepPlay(step, batch));
  }
  return `${HEADER}${stringify(plays, { lineWidth: 0 })}`;
}
