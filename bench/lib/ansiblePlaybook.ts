/**
 * Turns kubelab's dry run (`kubelab plan --json`: every node's exact script and environment per
 * step) into an Ansible project that runs the same scripts the same way: per step a `script:` task
 * with `KL_MODE=check` (exit 0 done, 100 needed) and, where needed, a `script:` task with
 * `KL_MODE=apply` — kubelab's check → apply(+verify) protocol. The join token and CA hash, which
 * kubelab reads on the control plane after `kubeadm init` (kubeadm-init.sh `KL_MODE=join-info`),
 * are read by the same script in a task and passed to the workers through hostvars.
 *
 * Ansible settings: pipelining on, ControlMaster/ControlPersist on, forks = node count, no fact
 * gathering (kubelab gathers none either), the lab's key and pinned known_hosts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedTask } from '../../common/model/runEvent';

export interface AnsibleNode {
  name: string;
  ip: string;
}

export interface AnsibleProject {
  dir: string;
  playbook: string;
  inventory: string;
  cfg: string;
}

/** `<kubeadm-init.token on master1>` in a dry run's env → a Jinja lookup of the fact set below. */
const PLACEHOLDER = /^<kubeadm-init\.(token|caCertHash) on ([A-Za-z0-9_.-]+)>$/;

/** A YAML scalar Ansible never templates (`!unsafe`): data stays data, as in kubelab. */
function value(v: string): string {
  // JSON string escapes are valid YAML double-quoted escapes.
  return `!unsafe ${JSON.stringify(v)}`;
}

/**
 * A dry-run placeholder as a Jinja expression over the fact the join-info task sets. Kept out of
 * host_vars (Ansible templates a whole dict at once, before that fact exists) and added by the
 * task itself.
 */
function placeholder(v: string, nodeIdToName: ReadonlyMap<string, string>): string | undefined {
  const m = PLACEHOLDER.exec(v);
  if (!m) return undefined;
  const host = nodeIdToName.get(m[2] ?? '') ?? m[2] ?? '';
  return `hostvars[${JSON.stringify(host)}].kl_join.${m[1]}`;
}

/** A `KL_OUT key=value` line of the join-info run, as a Jinja expression (no backslashes). */
function joinFact(key: string): string {
  return JSON.stringify(
    `{{ kl_join_info.stdout_lines | map('trim') | select('match', '^KL_OUT ${key}=') | first | replace('KL_OUT ${key}=', '') }}`,
  );
}

export function writeAnsibleProject(
  tasks: readonly RenderedTask[],
  nodes: readonly AnsibleNode[],
  opts: { dir: string; keyPath: string; knownHosts: string; nodeIds: ReadonlyMap<string, string> },
): AnsibleProject {
  const { dir } = opts;
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'host_vars'), { recursive: true });
  mkdirSync(join(dir, 'cp'), { recursive: true });
  const name = (id: string): string => opts.nodeIds.get(id) ?? id;

  // Steps in the order of the dry run; one script file per step (the same text on every node).
  const order: string[] = [];
  const hostsOf = new Map<string, string[]>();
  for (const t of tasks) {
    if (!hostsOf.has(t.stepId)) {
      order.push(t.stepId);
      hostsOf.set(t.stepId, []);
      writeFileSync(join(dir, 'scripts', `${t.stepId}.sh`), `#!/bin/bash\n${t.script}`, {
        mode: 0o755,
      });
    }
    hostsOf.get(t.stepId)?.push(name(t.nodeId));
  }

  // host_vars/<node>.yml: kl_env.<step>.<VAR> for that node; placeholders per step.
  const late = new Map<string, Map<string, string>>();
  for (const n of nodes) {
    const mine = tasks.filter((t) => name(t.nodeId) === n.name);
    const lines = ['kl_env:'];
    for (const t of mine) {
      lines.push(`  ${JSON.stringify(t.stepId)}:`);
      for (const [k, v] of Object.entries(t.env)) {
        if (k === 'KL_MODE') continue;
        const expr = placeholder(v, opts.nodeIds);
        if (expr) {
          if (!late.has(t.stepId)) late.set(t.stepId, new Map());
          late.get(t.stepId)?.set(k, expr);
        } else lines.push(`    ${k}: ${value(v)}`);
      }
    }
    writeFileSync(join(dir, 'host_vars', `${n.name}.yml`), `${lines.join('\n')}\n`);
  }

  const inventory = join(dir, 'inventory.ini');
  writeFileSync(
    inventory,
    `[lab]\n${nodes
      .map(
        (n) =>
          `${n.name} ansible_host=${n.ip} ansible_user=root ansible_ssh_private_key_file=${opts.keyPath}`,
      )
      .join('\n')}\n`,
  );
  const cfg = join(dir, 'ansible.cfg');
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `forks = ${nodes.length}`,
      'host_key_checking = True',
      'gathering = explicit',
      'interpreter_python = /usr/bin/python3',
      'retry_files_enabled = False',
      'deprecation_warnings = False',
      '',
      '[ssh_connection]',
      'pipelining = True',
      `ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${opts.knownHosts} -o StrictHostKeyChecking=yes`,
      `control_path_dir = ${join(dir, 'cp')}`,
      '',
    ].join('\n'),
  );

  const play: string[] = [
    '- hosts: lab',
    '  gather_facts: false',
    '  any_errors_fatal: true',
    '  tasks:',
  ];
  for (const step of order) {
    const hosts = JSON.stringify(hostsOf.get(step) ?? []);
    const reg = `kl_check_${step.replace(/-/g, '_')}`;
    const extra = [...(late.get(step) ?? new Map<string, string>())]
      .map(([k, e]) => `, '${k}': ${e}`)
      .join('');
    const env = (mode: string): string =>
      `{{ kl_env[${JSON.stringify(step)}] | combine({'KL_MODE': '${mode}'${mode === 'apply' ? extra : ''}}) }}`;
    play.push(
      `    - name: ${step} (check)`,
      `      ansible.builtin.script: scripts/${step}.sh`,
      '      args: { executable: /bin/bash }',
      `      environment: ${JSON.stringify(env('check'))}`,
      `      when: inventory_hostname in ${hosts}`,
      `      register: ${reg}`,
      `      failed_when: ${reg}.rc not in [0, 100]`,
      '      changed_when: false',
      `    - name: ${step} (apply)`,
      `      ansible.builtin.script: scripts/${step}.sh`,
      '      args: { executable: /bin/bash }',
      `      environment: ${JSON.stringify(env('apply'))}`,
      `      when: inventory_hostname in ${hosts} and ${reg}.rc == 100`,
    );
    if (step === 'kubeadm-init') {
      play.push(
        '    - name: kubeadm-init (join information)',
        '      ansible.builtin.script: scripts/kubeadm-init.sh',
        '      args: { executable: /bin/bash }',
        "      environment: { KL_MODE: join-info, KL_STEP: 'kubeadm-init' }",
        `      when: inventory_hostname in ${hosts}`,
        '      register: kl_join_info',
        '      changed_when: false',
        '    - name: kubeadm-init (join facts)',
        '      ansible.builtin.set_fact:',
        '        kl_join:',
        `          token: ${joinFact('token')}`,
        `          caCertHash: ${joinFact('caCertHash')}`,
        `      when: inventory_hostname in ${hosts}`,
      );
    }
  }
  const playbook = join(dir, 'install.yml');
  writeFileSync(playbook, `${play.join('\n')}\n`);
  return { dir, playbook, inventory, cfg };
}
