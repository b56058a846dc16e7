import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveVersion } from '../../common/catalog/images';
import { PROJECT_SCHEMA_VERSION, ProjectSchema, type Project } from '../../common/model/project';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { haWarnings } from '../../common/plan/ha/haWarnings';
import { validatePlan } from '../../common/plan/validatePlan';
import { haPlanFlags } from './haFlags';
import { fieldPath } from '../../common/validation';
import { saveProject } from '../store/projectFile';
import { EXIT_USAGE, processCliIo, type CliIo } from './imagesCommand';

export interface InitOptions {
  fromGuide?: boolean;
  modern?: boolean;
  output: string;
  name?: string;
  force?: boolean;
  kubernetesVersion?: string;
  runtime?: string;
  mirror?: string;
  imageRepository?: string;
  advertiseAddress?: string;
  bindPort?: string;
  podCidr?: string;
  serviceCidr?: string;
  dnsDomain?: string;
  cni?: string;
  ignorePreflightErrors?: string;
  node?: string[];
  topology?: string;
  controlPlaneEndpoint?: string;
  lb?: string;
  vip?: string;
  vipInterface?: string;
  vrrpRouterId?: string;
  externalEtcd?: string;
  offline?: boolean;
}

/**
 * Parses `--node id=master1,address=192.168.100.111,role=control-plane[,user=root][,port=22]
 * [,auth=password|key|agent][,key=~/.ssh/id_ed25519]` into a raw NodeSpec (the schema checks it).
 */
export function parseNodeFlag(text: string): Record<string, unknown> {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--node "${text}": expected key=value pairs separated by commas`);
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const id = fields.get('id');
  const node: Record<string, unknown> = {
    id,
    name: fields.get('name') ?? id,
    address: fields.get('address'),
    port: Number(fields.get('port') ?? '22'),
    user: fields.get('user') ?? 'root',
    auth: fields.get('auth') ?? (fields.has('key') ? 'key' : 'password'),
    role: fields.get('role') ?? 'worker',
    labels: {},
  };
  if (fields.has('key')) node.keyPath = fields.get('key');
  return node;
}

/** The project the flags describe (not yet checked). */
function draft(opts: InitOptions): Record<string, unknown> {
  const plan: Record<string, unknown> = { ...(opts.fromGuide ? guidePlan() : modernPlan()) };
  if (opts.kubernetesVersion !== undefined) {
    plan.kubernetesVersion =
      resolveVersion(opts.kubernetesVersion)?.version ?? opts.kubernetesVersion;
  }
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) plan[key] = value;
  };
  set('runtime', opts.runtime);
  set('mirrorProfile', opts.mirror);
  set('imageRepository', opts.imageRepository);
  set('advertiseAddress', opts.advertiseAddress);
  set('bindPort', opts.bindPort === undefined ? undefined : Number(opts.bindPort));
  set('podCidr', opts.podCidr);
  set('serviceCidr', opts.serviceCidr);
  set('dnsDomain', opts.dnsDomain);
  set('cni', opts.cni === undefined ? undefined : { plugin: opts.cni });
  set('clusterName', opts.name);
  // Machines without internet: installs from the pushed bundle (plan.offline, issue 22).
  if (opts.offline === true) plan.offline = true;
  if (opts.ignorePreflightErrors !== undefined) {
    plan.ignorePreflightErrors = opts.ignorePreflightErrors.split(',').filter((s) => s !== '');
  }
  Object.assign(plan, haPlanFlags(opts));
  const nodes = opts.node?.length
    ? opts.node.map(parseNodeFlag)
    : opts.fromGuide
      ? guideNodes()
      : [];
  const project: Record<string, unknown> = { schemaVersion: PROJECT_SCHEMA_VERSION, nodes, plan };
  if (opts.name !== undefined) project.name = opts.name;
  return project;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * `kubelab init`: writes a project file from flags, non-interactively. Starts from the guide
 * (`--from-guide`) or today's defaults (`--modern`, the default), applies the flags, and writes
 * only a project that passes the same validation the UI applies. Returns the exit status.
 */
export async function runInit(opts: InitOptions, io: CliIo): Promise<number> {
  if (opts.fromGuide && opts.modern) {
    io.stderr('kubelab: choose one of --from-guide and --modern.\n');
    return EXIT_USAGE;
  }
  let raw: Record<string, unknown>;
  try {
    raw = draft(opts);
  } catch (err) {
    io.stderr(`kubelab: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  const parsed = ProjectSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      io.stderr(`kubelab: ${fieldPath(issue.path)}: ${issue.message}\n`);
    }
    return EXIT_USAGE;
  }
  const project: Project = parsed.data;
  const errors = validatePlan(project.plan, { nodes: project.nodes, allowNoNodes: true });
  if (errors.length > 0) {
    for (const e of errors) io.stderr(`kubelab: ${e.field}: ${e.message}\n`);
    io.stderr('kubelab: nothing written.\n');
    return 1;
  }
  for (const w of haWarnings(project.plan, project.nodes)) {
    io.stderr(`kubelab: warning: ${w.field}: ${w.message}\n`);
  }
  const path = resolve(opts.output);
  if (!opts.force && (await exists(path))) {
    io.stderr(`kubelab: ${opts.output} already exists; pass --force to overwrite it.\n`);
    return 1;
  }
  await saveProject(path, project);
  const p = project.plan;
  io.stdout(
    `Wrote ${opts.output}: Kubernetes ${p.kubernetesVersion}, ${p.runtime}, ${p.mirrorProfile} mirrors, ` +
      `${p.cni.plugin}, pod ${p.podCidr}, service ${p.serviceCidr}, ${project.nodes.length} node(s).\n`,
  );
  if (project.nodes.length === 0) {
    io.stdout('No machines yet: add them (kubelab serve, or --node) before installing.\n');
  }
  return 0;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a kubelab.yaml project from flags (non-interactive)')
    .option(
      '--from-guide',
      'start from the guide: 1.18.2, Docker, China mirrors, its three machines',
    )
    .option(
      '--modern',
      'start from today’s defaults: newest version, containerd, upstream (default)',
    )
    .option('-o, --output <file>', 'project file to write', 'kubelab.yaml')
    .option('--name <name>', 'project and cluster name')
    .option('--force', 'overwrite an existing file')
    .option('--kubernetes-version <version>', 'e.g. 1.18.2 or 1.34')
    .option('--runtime <runtime>', 'docker | containerd | cri-dockerd')
    .option('--mirror <profile>', 'upstream | china')
    .option('--image-repository <repository>', 'kubeadm --image-repository')
    .option('--advertise-address <ip>', 'API server advertise address (a control-plane node)')
    .option('--bind-port <port>', 'API server port')
    .option('--pod-cidr <cidr>', 'pod network CIDR')
    .option('--service-cidr <cidr>', 'service CIDR')
    .option('--dns-domain <domain>', 'cluster DNS domain')
    .option('--cni <plugin>', 'flannel | calico')
    .option('--ignore-preflight-errors <checks>', 'comma-separated kubeadm preflight checks')
    .option('--topology <topology>', 'single | stacked-etcd | external-etcd')
    .option(
      '--control-plane-endpoint <host:port>',
      'stable API address (VIP or load balancer); required for HA, fixed after init',
    )
    .option('--lb <kind>', 'HA load balancer: kube-vip | haproxy-keepalived | external')
    .option('--vip <ip>', 'virtual IP for kube-vip or keepalived')
    .option('--vip-interface <name>', 'interface the VIP is announced on (default eth0)')
    .option('--vrrp-router-id <id>', 'keepalived virtual_router_id (default 51)')
    .option('--external-etcd <urls>', 'external-etcd: comma-separated https:// client URLs')
    .option(
      '--offline',
      'the machines have no internet: install from the bundle (kubelab bundle build, push)',
    )
    .option(
      '--node <spec>',
      'id=NAME,address=IP,role=control-plane|worker[,user=U][,port=P][,key=PATH] (repeatable)',
      collect,
    )
    .action(async (opts: InitOptions) => {
      process.exitCode = await runInit(opts, processCliIo);
    });
}
