import {
  NodeInputSchema,
  NodePatchSchema,
  type NodeInput,
  type NodePatch,
} from '../../common/contracts/nodes';
import type { z } from 'zod';
import { AppError } from '../../common/model/appError';
import type { HostKey, NodeSpec } from '../../common/model/node';
import { fieldPath } from '../../common/validation';
import {
  detectFormat,
  parseImport,
  type ImportFormat,
  type ImportProblem,
} from './inventoryImport';
import type { InventoryStore } from './inventoryStore';
import { deriveId, validateNode, type FieldProblem } from './inventoryValidation';

export interface ImportRequest {
  format: ImportFormat | 'auto';
  text: string;
  defaults?: Partial<Pick<NodeInput, 'user' | 'port' | 'auth' | 'keyPath' | 'role'>>;
  dryRun?: boolean;
}

export interface InventoryService {
  list(): Promise<NodeSpec[]>;
  get(id: string): Promise<NodeSpec>;
  add(input: NodeInput): Promise<NodeSpec>;
  update(id: string, patch: NodePatch): Promise<NodeSpec>;
  remove(id: string): Promise<boolean>;
  import(req: ImportRequest): Promise<{ added: NodeSpec[]; problems: ImportProblem[] }>;
  pinHostKey(id: string, key: HostKey): Promise<NodeSpec>;
  forgetHostKey(id: string): Promise<NodeSpec>;
}

function refuse(problems: FieldProblem[], nodeId?: string): never {
  const first = problems[0];
  throw new AppError({
    code: 'invalid_node',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    field: first?.field,
    nodeId,
  });
}

function fromInput(input: NodeInput, id: string): NodeSpec {
  const parsed = NodeInputSchema.safeParse(input);
  if (!parsed.success) {
    refuse(
      parsed.error.issues.map((i) => ({ field: fieldPath(i.path) || 'node', message: i.message })),
    );
  }
  const v = parsed.data;
  const spec: NodeSpec = {
    id,
    name: v.name,
    address: v.address.replace(/^\[(.*)\]$/, '$1'),
    port: v.port,
    user: v.user,
    auth: v.auth,
    role: v.role,
    labels: v.labels,
  };
  if (v.keyPath) spec.keyPath = v.keyPath;
  if (v.jumpHost) spec.jumpHost = v.jumpHost;
  return spec;
}

/**
 * The node with only the patched fields changed; every other field is the old value, as it was.
 * A new address or port is a different machine as far as trust goes: the pinned key is dropped.
 * An empty keyPath removes the key path.
 */
export function applyPatch(old: NodeSpec, patch: z.output<typeof NodePatchSchema>): NodeSpec {
  const spec: NodeSpec = { ...old };
  if (patch.name !== undefined) spec.name = patch.name;
  if (patch.address !== undefined) spec.address = patch.address.replace(/^\[(.*)\]$/, '$1');
  if (patch.port !== undefined) spec.port = patch.port;
  if (patch.user !== undefined) spec.user = patch.user;
  if (patch.auth !== undefined) spec.auth = patch.auth;
  if (patch.role !== undefined) spec.role = patch.role;
  if (patch.labels !== undefined) spec.labels = patch.labels;
  if (patch.jumpHost !== undefined) spec.jumpHost = patch.jumpHost;
  if (patch.keyPath !== undefined) {
    if (patch.keyPath) spec.keyPath = patch.keyPath;
    else delete spec.keyPath;
  }
  if (spec.address !== old.address || spec.port !== old.port) delete spec.hostKey;
  return spec;
}

/**
 * Adds, edits and removes nodes. Every change is validated against the whole inventory (names
 * and address:port pairs are unique, a jump host exists and is one hop) and saved as one list,
 * so a refused change leaves the store untouched. `onChange` lets the back end announce it.
 */
export function createInventoryService(
  store: InventoryStore,
  onChange: (nodes: NodeSpec[]) => void = () => undefined,
): InventoryService {
  let queue: Promise<unknown> = Promise.resolve();
  // Serialise writers so two concurrent edits cannot both pass validation against stale data.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const save = async (nodes: NodeSpec[]): Promise<void> => {
    await store.save(nodes);
    onChange(nodes);
  };
  const find = (nodes: NodeSpec[], id: string): NodeSpec => {
    const n = nodes.find((x) => x.id === id);
    if (!n)
      throw new AppError({
        code: 'not_found',
        message: `No node with id "${id}".`,
        field: 'id',
        nodeId: id,
      });
    return n;
  };

  return {
    list: () => store.load(),
    get: async (id) => find(await store.load(), id),
    add: (input) =>
      serial(async () => {
        const nodes = await store.load();
        const taken = new Set(nodes.map((n) => n.id));
        if (input.id && taken.has(input.id))
          refuse([{ field: 'id', message: `"${input.id}" is already used` }]);
        const spec = fromInput(input, input.id ?? deriveId(input.name ?? '', taken));
        const problems = validateNode(spec, nodes);
        if (problems.length) refuse(problems);
        await save([...nodes, spec]);
        return spec;
      }),
    update: (id, patch) =>
      serial(async () => {
        const nodes = await store.load();
        const old = find(nodes, id);
        const checked = NodePatchSchema.safeParse(patch);
        if (!checked.success) {
          refuse(
            checked.error.issues.map((i) => ({
              field: fieldPath(i.path) || 'patch',
              message: i.message,
            })),
            id,
          );
        }
        const spec = applyPatch(old, checked.data);
        const problems = validateNode(spec, nodes);
        if (problems.length) refuse(problems, id);
        await save(nodes.map((n) => (n.id === id ? spec : n)));
        return spec;
      }),
    remove: (id) =>
      serial(async () => {
        const nodes = await store.load();
        if (!nodes.some((n) => n.id === id)) return false;
        const users = nodes.filter((n) => n.jumpHost === id);
        if (users.length) {
          refuse(
            [
              {
                field: 'id',
                message: `is the jump host of ${users.map((u) => u.name).join(', ')}`,
              },
            ],
            id,
          );
        }
        await save(nodes.filter((n) => n.id !== id));
        return true;
      }),
    import: (req) =>
      serial(async () => {
        const nodes = await store.load();
        const format = req.format === 'auto' ? detectFormat(req.text) : req.format;
        const parsed = parseImport(format, req.text);
        const problems = [
          ...parsed.problems.filter((p) => p.field !== undefined || !/ignored$/.test(p.message)),
        ];
        const taken = new Set(nodes.map((n) => n.id));
        // Ids first, in order, so a ProxyJump can name a host defined further down.
        const ids = parsed.drafts.map((d) => {
          const id = deriveId(d.input.name, taken);
          taken.add(id);
          return id;
        });
        const idByName = new Map(parsed.drafts.map((d, i) => [d.input.name, ids[i] as string]));
        const added: NodeSpec[] = [];
        for (const [i, d] of parsed.drafts.entries()) {
          const id = ids[i] as string;
          const input = { auth: 'password' as const, user: 'root', ...req.defaults, ...d.input };
          if (input.jumpHost) input.jumpHost = idByName.get(input.jumpHost) ?? input.jumpHost;
          try {
            const spec = fromInput(input as NodeInput, id);
            const bad = validateNode(spec, [...nodes, ...added]);
            if (bad.length) bad.forEach((b) => problems.push({ line: d.line, ...b }));
            else added.push(spec);
          } catch (err) {
            const e = err as AppError;
            problems.push({ line: d.line, field: e.field, message: e.message });
          }
        }
        if (problems.length === 0 && added.length && !req.dryRun) await save([...nodes, ...added]);
        return { added: problems.length ? [] : added, problems };
      }),
    pinHostKey: (id, key) =>
      serial(async () => {
        const nodes = await store.load();
        const spec = { ...find(nodes, id), hostKey: key };
        await save(nodes.map((n) => (n.id === id ? spec : n)));
        return spec;
      }),
    forgetHostKey: (id) =>
      serial(async () => {
        const nodes = await store.load();
        const { hostKey: _k, ...spec } = find(nodes, id);
        await save(nodes.map((n) => (n.id === id ? spec : n)));
        return spec;
      }),
  };
}
