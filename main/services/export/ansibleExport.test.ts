import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../../common/plan/presets';
import type { NodeSpec } from '../../../common/model/node';
import type { Project } from '../../../common/model/project';
import { SINGLE_CONTROL_PLANE_STEP_IDS } from '../../../common/catalog/steps';
import { INSTALL_STEPS } from '../../steps';
import lib from '../../steps/scripts/lib.sh?raw';
import kubeadmInitScript from '../../steps/scripts/kubeadm-init.sh?raw';
import type { ExportFile } from '../../../common/export/exportModel';
import { buildAnsibleExport } from './ansibleExport';
import { exportProject } from './exportService';

/** `!unsafe` is Ansible's tag; the test reads the tagged values as the strings they are. */
const unsafeTag = {
  tag: '!unsafe',
  resolve: (s: string): string => s,
};
const readYaml = (text: string): unknown => parse(text, { customTags: [unsafeTag] });

function guideProject(nodes: NodeSpec[] = keyNodes()): Project {
  return { schemaVersion: 1, nodes, plan: guidePlan() } as Project;
}

function keyNodes(): NodeSpec[] {
  return guideNodes().map((n) => ({ ...n, auth: 'key', keyPath: '/home/admin/.ssh/id_ed25519' }));
}

interface Play {
  name: string;
  hosts: string;
  serial?: string;
  tasks: Record<string, unknown>[];
}

let files: ExportFile[] = [];
const file = (path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the export`);
  return f.content;
};

beforeAll(async () => {
  files = await buildAnsibleExport(guideProject());
});

/** The install steps of a single control plane, in INSTALL_STEPS order. */
const guideSteps = (): typeof INSTALL_STEPS =>
  INSTALL_STEPS.filter((s) => (SINGLE_CONTROL_PLANE_STEP_IDS as readonly string[]).includes(s.id));

describe('the Ansible export of the guide', () => {
  it('puts the nodes in Kubespray’s groups with their connection variables', () => {
    const inv = readYaml(file('inventory/hosts.yaml')) as {
      all: {
        hosts: Record<string, Record<string, unknown>>;
        children: Record<string, { hosts?: object; children?: object }>;
      };
    };
    expect(Object.keys(inv.all.hosts)).toEqual(['master1', 'node1', 'node2']);
    expect(inv.all.hosts.node1).toEqual({
      ansible_host: '192.168.100.116',
      ansible_port: 22,
      ansible_user: 'root',
      ip: '192.168.100.116',
      access_ip: '192.168.100.116',
      ansible_ssh_private_key_file: '/home/admin/.ssh/id_ed25519',
    });
    expect(Object.keys(inv.all.children.kube_control_plane?.hosts ?? {})).toEqual(['master1']);
    expect(Object.keys(inv.all.children.etcd?.hosts ?? {})).toEqual(['master1']);
    expect(Object.keys(inv.all.children.kube_node?.hosts ?? {})).toEqual(['node1', 'node2']);
    expect(Object.keys(inv.all.children.k8s_cluster?.children ?? {})).toEqual([
      'kube_control_plane',
      'kube_node',
    ]);
  });

  it('runs one play per step in INSTALL_STEPS order, the join info collected before the join', () => {
    const plays = readYaml(file('playbook.yml')) as Play[];
    const stepPlays = plays.filter((p) => p.name.startsWith('kubelab step '));
    // The guide's plan has one control plane: the HA-only steps apply to no machine, no play.
    expect(stepPlays.map((p) => p.name.split(' ')[2]?.replace(/:$/, ''))).toEqual(
      guideSteps().map((s) => s.id),
    );
    const names = plays.map((p) => p.name);
    const collect = names.findIndex((n) => n.startsWith("kubelab: collect kubeadm-init's outputs"));
    expect(collect).toBeGreaterThan(
      names.findIndex((n) => n.startsWith('kubelab step kubeadm-init')),
    );
    expect(collect).toBeLessThan(names.findIndex((n) => n.startsWith('kubelab step join-node')));
    const byStep = (id: string): Play | undefined =>
      stepPlays.find((p) => p.name.startsWith(`kubelab step ${id}:`));
    expect(byStep('prepare-os')?.hosts).toBe('k8s_cluster');
    expect(byStep('kubeadm-init')?.hosts).toBe('kube_control_plane');
    expect(byStep('join-node')?.hosts).toBe('kube_node');
    expect(byStep('join-node')?.serial).toBe('{{ kubelab_batch | default(10) }}');
  });

  it('maps the check to check mode: exit 0 done, 100 needed; the apply only when needed', () => {
    const plays = readYaml(file('playbook.yml')) as Play[];
    const play = plays.find((p) => p.name.startsWith('kubelab step kube-packages:'));
    const [check, apply] = play?.tasks ?? [];
    expect(check?.check_mode).toBe(false);
    expect(check?.failed_when).toBe('kubelab_check.rc not in [0, 100]');
    expect(check?.changed_when).toBe('ansible_check_mode and kubelab_check.rc == 100');
    expect(apply?.when).toBe('not ansible_check_mode and kubelab_check.rc == 100');
    const init = plays.find((p) => p.name.startsWith('kubelab step kubeadm-init:'));
    expect(init?.tasks[1]).toMatchObject({ async: 1200, poll: 5 });
  });

  it('copies kubelab’s step scripts byte for byte (lib.sh + the step’s script)', () => {
    expect(file('scripts/kubeadm-init.sh')).toBe(`${lib}\n${kubeadmInitScript}`);
    for (const s of guideSteps()) expect(file(`scripts/${s.id}.sh`)).toContain(lib);
  });

  it('gives each host the environments kubelab renders for it, the join token as a placeholder', () => {
    const vars = readYaml(file('inventory/host_vars/node1.yml')) as {
      kubelab_tasks: Record<
        string,
        { check?: Record<string, string>; apply: Record<string, string> }
      >;
    };
    expect(Object.keys(vars.kubelab_tasks)).toEqual([
      'prepare-os',
      'container-runtime',
      'kube-packages',
      'enable-kubelet',
      'pull-images',
      'join-node',
    ]);
    const join = vars.kubelab_tasks['join-node'];
    expect(join?.check).toEqual({ KL_MODE: 'check', KL_STEP: 'join-node' });
    expect(join?.apply.KL_MODE).toBe('apply');
    expect(join?.apply.JOIN_CONFIG).toContain('<kubeadm-init.token on master1>');
    expect(join?.apply.JOIN_ENDPOINT).toBe('192.168.100.111:6443');
    expect(file('inventory/host_vars/node1.yml')).toContain('!unsafe');
    const playbook = file('playbook.yml');
    expect(playbook).toContain(
      "replace('<kubeadm-init.token on master1>', hostvars['master1'].kubelab_outputs['kubeadm-init']['token'])",
    );
  });

  it('writes no secret: no bootstrap token, no certificate key, no password variable', () => {
    for (const f of files) {
      expect(f.content, f.path).not.toMatch(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/);
      expect(f.content, f.path).not.toMatch(/ansible_(ssh_|become_)?pass(word)?\s*:/);
    }
  });
});

describe('export refusals', () => {
  it('names the node and field of a key login without a key file', async () => {
    const nodes = keyNodes().map((n) => (n.id === 'node1' ? { ...n, keyPath: undefined } : n));
    const out = mkdtempSync(join(tmpdir(), 'kubelab-export-'));
    await expect(
      exportProject(guideProject(nodes), 'ansible', join(out, 'x'), false),
    ).rejects.toMatchObject({
      field: 'nodes.1.keyPath',
      message: expect.stringContaining('node1: logs in with a key but names no key file'),
    });
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a directory that is not empty unless forced, and then replaces it whole', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubelab-export-'));
    writeFileSync(join(out, 'old.txt'), 'old');
    await expect(exportProject(guideProject(), 'ansible', out, false)).rejects.toMatchObject({
      code: 'export_dir_not_empty',
    });
    expect(readdirSync(out)).toEqual(['old.txt']);
    await exportProject(guideProject(), 'ansible', out, true);
    expect(readdirSync(out).sort()).toEqual([
      'ansible.cfg',
      'inventory',
      'playbook.yml',
      'scripts',
    ]);
    expect(statSync(join(out, 'scripts', 'kubeadm-init.sh')).mode & 0o777).toBe(0o755);
  });
});

const hasAnsible = spawnSync('ansible-playbook', ['--version']).status === 0;

describe('ansible-playbook --syntax-check', () => {
  it('accepts the exported playbook and inventory', async () => {
    expect(hasAnsible, 'ansible-playbook must be installed (Debian: ansible-core, .ci/run)').toBe(
      true,
    );
    const out = join(mkdtempSync(join(tmpdir(), 'kubelab-export-')), 'guide');
    await exportProject(guideProject(), 'ansible', out, false);
    const r = spawnSync('ansible-playbook', ['-i', 'inventory', '--syntax-check', 'playbook.yml'], {
      cwd: out,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const graph = execFileSync('ansible-inventory', ['-i', 'inventory', '--graph'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(graph).toMatch(/@kube_node:\n[\s|]+--node1\n[\s|]+--node2/);
    const vars = JSON.parse(
      execFileSync('ansible-inventory', ['-i', 'inventory', '--host', 'node1'], {
        cwd: out,
        encoding: 'utf8',
      }),
    ) as { kubelab_tasks: Record<string, { apply: Record<string, unknown> }> };
    // Ansible reads every value as unsafe (never templated).
    expect(vars.kubelab_tasks['join-node']?.apply.JOIN_ENDPOINT).toEqual({
      __ansible_unsafe: '192.168.100.111:6443',
    });
    expect(readFileSync(join(out, 'playbook.yml'), 'utf8')).toContain('kubelab step wait-ready');
    // ansible-playbook and ansible-inventory start Python: seconds each on a loaded machine.
  }, 60_000);
});
