import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { NodeInput, NodePatch } from '../../common/contracts/nodes';
import { AppError } from '../../common/model/appError';
import { EnvSecretStore } from '../store/secretsEnv';
import type { SecretStore } from '../store/secrets';
import { openCliBackend, type CliBackend } from './cliBackend';
import { processOut, reportCliError, type CliOut } from './cliContext';
import {
  formatFacts,
  formatFactsError,
  formatNodeList,
  formatTests,
  table,
  testPassed,
} from './nodesFormat';
import { readAllInput, terminalPrompter, type Prompter } from './prompt';

/** What the commands get from outside; tests pass captured output and fakes. */
export interface NodesCliDeps {
  io: CliOut;
  prompter?: Prompter;
  env?: NodeJS.ProcessEnv;
  /** Secrets for commands that log in (test, facts); default: vault + environment. */
  secrets?: SecretStore;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** The node fields as flags (`add` and `edit`); strings until checked. */
export interface NodeFlags {
  id?: string;
  name?: string;
  address?: string;
  port?: string;
  user?: string;
  auth?: string;
  key?: string;
  role?: string;
  label?: string[];
  jumpHost?: string;
}

const fieldError = (field: string, message: string): AppError =>
  new AppError({ code: 'invalid_node', message: `${field}: ${message}`, field });

/** Flags → a node patch; only what was given. The inventory service checks the values. */
export function patchFromFlags(f: NodeFlags): NodePatch {
  const patch: Record<string, unknown> = {};
  if (f.name !== undefined) patch.name = f.name;
  if (f.address !== undefined) patch.address = f.address;
  if (f.port !== undefined) {
    if (!/^\d+$/.test(f.port.trim())) throw fieldError('port', `"${f.port}" is not a number`);
    patch.port = Number(f.port);
  }
  if (f.user !== undefined) patch.user = f.user;
  if (f.auth !== undefined) patch.auth = f.auth;
  if (f.key !== undefined) patch.keyPath = f.key;
  if (f.role !== undefined) patch.role = f.role;
  if (f.jumpHost !== undefined) patch.jumpHost = f.jumpHost;
  if (f.label?.length) {
    const labels: Record<string, string> = {};
    for (const kv of f.label) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw fieldError('labels', `"${kv}" is not key=value`);
      labels[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    patch.labels = labels;
  }
  return patch as NodePatch;
}

/** `add`: name and address required; user root, port 22, key auth when --key is given. */
export function inputFromFlags(f: NodeFlags): NodeInput {
  const patch = patchFromFlags(f);
  if (f.name === undefined) throw fieldError('name', 'is required');
  if (f.address === undefined) throw fieldError('address', 'is required');
  const input = { user: 'root', auth: f.key ? 'key' : 'password', ...patch } as NodeInput;
  if (f.id !== undefined) input.id = f.id;
  return input;
}

async function withCli(
  command: string,
  deps: NodesCliDeps,
  opts: { file: string; acceptNewHostKeys?: boolean; logsIn?: boolean },
  body: (cli: CliBackend) => Promise<number>,
): Promise<number> {
  let cli: CliBackend | undefined;
  try {
    cli = await openCliBackend({
      file: opts.file,
      acceptNewHostKeys: opts.acceptNewHostKeys,
      io: deps.io,
      prompter: deps.prompter ?? terminalPrompter(),
      env: deps.env,
      // Commands that only edit the file must not ask for the vault passphrase.
      secrets: opts.logsIn ? deps.secrets : (deps.secrets ?? new EnvSecretStore(deps.env)),
    });
    return await body(cli);
  } catch (err) {
    return reportCliError(err, command, deps.io);
  } finally {
    cli?.close();
  }
}

export function runNodesList(
  o: { file: string; json?: boolean },
  deps: NodesCliDeps,
): Promise<number> {
  return withCli('nodes list', deps, o, async (cli) => {
    const { nodes } = await cli.call('nodes.list', {});
    deps.io.out(o.json ? `${JSON.stringify({ nodes }, null, 2)}\n` : formatNodeList(nodes));
    return 0;
  });
}

export function runNodesAdd(o: NodeFlags & { file: string }, deps: NodesCliDeps): Promise<number> {
  return withCli('nodes add', deps, o, async (cli) => {
    const spec = await cli.call('nodes.add', inputFromFlags(o));
    deps.io.out(
      `added ${spec.id} (${spec.address}:${spec.port}, ${spec.role}) to ${cli.project.path()}\n`,
    );
    return 0;
  });
}

export function runNodesEdit(
  id: string,
  o: NodeFlags & { file: string },
  deps: NodesCliDeps,
): Promise<number> {
  return withCli('nodes edit', deps, o, async (cli) => {
    const patch = patchFromFlags(o);
    if (Object.keys(patch).length === 0)
      throw fieldError('node', 'nothing to change: give a flag such as --address');
    const before = (await cli.call('nodes.list', {})).nodes.find((n) => n.id === id);
    const spec = await cli.call('nodes.update', { id, patch });
    deps.io.out(`updated ${spec.id}\n`);
    if (before?.hostKey && !spec.hostKey)
      deps.io.out(
        'its address changed, so its pinned host key was dropped (asked again on next contact)\n',
      );
    return 0;
  });
}

export function runNodesRemove(
  id: string,
  o: { file: string },
  deps: NodesCliDeps,
): Promise<number> {
  return withCli('nodes remove', deps, o, async (cli) => {
    const { removed } = await cli.call('nodes.remove', { id });
    if (!removed)
      throw new AppError({
        code: 'not_found',
        message: `no node "${id}" in the project`,
        field: 'id',
      });
    deps.io.out(`removed ${id}\n`);
    return 0;
  });
}

export interface ImportFlags extends Omit<
  NodeFlags,
  'id' | 'name' | 'address' | 'label' | 'jumpHost'
> {
  file: string;
  format?: string;
  sshConfig?: boolean;
  dryRun?: boolean;
}

async function importText(
  source: string | undefined,
  o: ImportFlags,
  deps: NodesCliDeps,
): Promise<string> {
  const path = source ?? (o.sshConfig ? join(homedir(), '.ssh', 'config') : undefined);
  if (path && path !== '-') return readFile(path, 'utf8');
  const stdin = deps.stdin ?? process.stdin;
  if (stdin.isTTY)
    throw new AppError({
      code: 'invalid_payload',
      message: 'give a FILE to import (or - and pipe it in)',
    });
  return readAllInput(stdin);
}

export function runNodesImport(
  source: string | undefined,
  o: ImportFlags,
  deps: NodesCliDeps,
): Promise<number> {
  return withCli('nodes import', deps, o, async (cli) => {
    const text = await importText(source, o, deps);
    const format = (o.sshConfig && !o.format ? 'ssh-config' : (o.format ?? 'auto')) as 'auto';
    const defaults = patchFromFlags({
      user: o.user,
      port: o.port,
      auth: o.auth,
      key: o.key,
      role: o.role,
    });
    const { added, problems } = await cli.call('nodes.import', {
      format,
      text,
      defaults: defaults as never,
      dryRun: o.dryRun === true,
    });
    for (const p of problems) {
      deps.io.err(
        `kubelab nodes import: line ${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}\n`,
      );
    }
    if (problems.length) {
      deps.io.err(
        'kubelab nodes import: nothing was imported; fix the lines above and run it again.\n',
      );
      return 2;
    }
    if (added.length === 0) {
      deps.io.out('no nodes found to import\n');
      return 0;
    }
    deps.io.out(
      `${o.dryRun ? 'would add' : 'added'} ${added.length} node(s)${o.dryRun ? '' : ` to ${cli.project.path()}`}:\n`,
    );
    deps.io.out(
      table(added.map((n) => [`  ${n.id}`, `${n.address}:${n.port}`, n.user, n.auth, n.role])),
    );
    return 0;
  });
}

async function selectIds(cli: CliBackend, ids: string[]): Promise<string[]> {
  const { nodes } = await cli.call('nodes.list', {});
  if (ids.length === 0) return nodes.map((n) => n.id);
  for (const id of ids) {
    if (!nodes.some((n) => n.id === id))
      throw new AppError({
        code: 'not_found',
        message: `no node "${id}" in the project`,
        field: 'id',
      });
  }
  return ids;
}

export interface ConnectFlags {
  file: string;
  acceptNewHostKeys?: boolean;
  json?: boolean;
}

export function runNodesTest(ids: string[], o: ConnectFlags, deps: NodesCliDeps): Promise<number> {
  return withCli('nodes test', deps, { ...o, logsIn: true }, async (cli) => {
    const selected = await selectIds(cli, ids);
    const tests = await Promise.all(selected.map((id) => cli.call('nodes.test', { id })));
    const { nodes } = await cli.call('nodes.list', {});
    deps.io.out(
      o.json ? `${JSON.stringify({ results: tests }, null, 2)}\n` : formatTests(tests, nodes),
    );
    return tests.every(testPassed) ? 0 : 1;
  });
}

export function runNodesFacts(ids: string[], o: ConnectFlags, deps: NodesCliDeps): Promise<number> {
  return withCli('nodes facts', deps, { ...o, logsIn: true }, async (cli) => {
    const selected = await selectIds(cli, ids);
    if (selected.length === 0) {
      deps.io.err('kubelab nodes facts: the project has no nodes\n');
      return 2;
    }
    const { results } = await cli.call('nodes.facts', { ids: selected });
    if (o.json) deps.io.out(`${JSON.stringify({ results }, null, 2)}\n`);
    else {
      deps.io.out(
        results
          .map((r) => ('facts' in r ? formatFacts(r.facts) : formatFactsError(r.nodeId, r.error)))
          .join('\n'),
      );
    }
    return results.every((r) => 'facts' in r) ? 0 : 1;
  });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function nodeFieldOptions(c: Command, editing: boolean): Command {
  if (!editing) c.option('--id <id>', 'node id (default: derived from the name)');
  return c
    .option('--name <name>', 'display name (e.g. master1)')
    .option('--address <address>', 'IPv4, IPv6 or DNS name')
    .option('--port <port>', `SSH port${editing ? '' : ' (default 22)'}`)
    .option('--user <user>', `login user${editing ? '' : ' (default root)'}`)
    .option('--auth <method>', 'password, key or agent')
    .option('--key <path>', 'private key file (implies --auth key on add)')
    .option('--role <role>', 'control-plane or worker')
    .option('--label <key=value>', 'a label (repeatable; replaces all labels on edit)', collect)
    .option('--jump-host <id>', 'reach this node through another node (one hop, like ssh -J)');
}

const fileOption = (c: Command): Command =>
  c.option('-f, --file <file>', 'project file', 'kubelab.yaml');

const connectOptions = (c: Command): Command =>
  fileOption(c)
    .option(
      '--accept-new-host-keys',
      'trust and pin host keys seen for the first time (never changed ones)',
      false,
    )
    .option('--json', 'print JSON', false);

/** `kubelab nodes list|add|edit|remove|import|test|facts`. */
export function registerNodes(program: Command): void {
  const deps = (): NodesCliDeps => ({ io: processOut });
  const nodes = program
    .command('nodes')
    .description('the machines in the project: list, add, edit, remove, import, test, facts');
  fileOption(nodes.command('list').description('list the nodes'))
    .option('--json', 'print JSON', false)
    .action(async (o: { file: string; json: boolean }) => {
      process.exitCode = await runNodesList(o, deps());
    });
  nodeFieldOptions(fileOption(nodes.command('add').description('add a node')), false).action(
    async (o: NodeFlags & { file: string }) => {
      process.exitCode = await runNodesAdd(o, deps());
    },
  );
  nodeFieldOptions(
    fileOption(nodes.command('edit').argument('<id>').description('change a node')),
    true,
  ).action(async (id: string, o: NodeFlags & { file: string }) => {
    process.exitCode = await runNodesEdit(id, o, deps());
  });
  fileOption(nodes.command('remove').argument('<id>').description('remove a node')).action(
    async (id: string, o: { file: string }) => {
      process.exitCode = await runNodesRemove(id, o, deps());
    },
  );
  fileOption(
    nodes
      .command('import')
      .argument('[source]', 'file to read (- or none: standard input)')
      .description(
        'import nodes from the guide\'s list ("master1: 192.168.100.111"), CSV, or ~/.ssh/config Host entries',
      ),
  )
    .option('--format <format>', 'auto, list, csv or ssh-config', 'auto')
    .option('--ssh-config', 'read ~/.ssh/config (or the given file) as ssh_config', false)
    .option('--user <user>', 'user for entries that name none (default root)')
    .option('--port <port>', 'port for entries that name none (default 22)')
    .option('--auth <method>', 'auth for entries that name none (default password)')
    .option('--key <path>', 'private key for entries that name none')
    .option('--role <role>', 'role for entries that name none (default: guessed from the name)')
    .option('--dry-run', 'check and show, but do not save', false)
    .action(async (source: string | undefined, o: ImportFlags) => {
      const format = o.format === 'auto' && o.sshConfig ? undefined : o.format;
      process.exitCode = await runNodesImport(source, { ...o, format }, deps());
    });
  connectOptions(
    nodes
      .command('test')
      .argument('[ids...]', 'nodes to test (default: all)')
      .description('log in to each node: reachable, auth, host key pinned, sudo'),
  )
    .addHelpText('after', '\nExit status: 0 when every node passed, 1 otherwise, 2 bad arguments.')
    .action(async (ids: string[], o: ConnectFlags) => {
      process.exitCode = await runNodesTest(ids, o, deps());
    });
  connectOptions(
    nodes
      .command('facts')
      .argument('[ids...]', 'nodes to ask (default: all)')
      .description('gather facts: OS, kernel, CPUs, memory, interfaces, swap, SELinux, firewall …'),
  ).action(async (ids: string[], o: ConnectFlags) => {
    process.exitCode = await runNodesFacts(ids, o, deps());
  });
}
