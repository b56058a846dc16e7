// PATCH bodies by Content-Type, as the kube-apiserver applies them:
// application/merge-patch+json (RFC 7386), application/json-patch+json (RFC 6902) and
// application/strategic-merge-patch+json (k8s.io/apimachinery/pkg/util/strategicpatch: lists with
// a patchMergeKey merge by that key, `$patch: delete|replace`, `$retainKeys`,
// `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` directives). The merge keys are
// the `patchMergeKey` tags of k8s.io/api core/v1 and apps/v1 types.go for the fields the lab's
// objects have. Errors are thrown as {code, reason, message} for a Status.

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const bad = (message) => Object.assign(new Error(message), { code: 400, reason: 'BadRequest' });
const invalid = (message) => Object.assign(new Error(message), { code: 422, reason: 'Invalid' });

export function mergePatch(target, patch) {
  if (!isObj(patch)) return structuredClone(patch);
  const out = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) Reflect.deleteProperty(out, k);
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** patchMergeKey by field name (core/v1 and apps/v1 `patchStrategy:"merge"` fields). */
const MERGE_KEYS = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', env: 'name',
  imagePullSecrets: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', ports: 'containerPort',
  conditions: 'type', addresses: 'type', taints: 'key', ownerReferences: 'uid', finalizers: undefined,
  hostAliases: 'ip', topologySpreadConstraints: 'topologyKey', secrets: 'name', resourceClaims: 'name',
};
// Service ports merge on `port` (core/v1 ServiceSpec.Ports) rather than containerPort.
const keyFor = (field, parentKind) => (field === 'ports' && parentKind === 'service' ? 'port' : MERGE_KEYS[field]);

function smpList(cur, patch, field, ctx) {
  const key = keyFor(field, ctx);
  if (field === 'finalizers') return [...new Set([...(cur ?? []), ...patch])];
  if (!key || !patch.every(isObj)) return structuredClone(patch);
  const out = (cur ?? []).map((x) => structuredClone(x));
  for (const item of patch) {
    const idx = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (item.$patch === 'replace') return patch.filter((x) => x.$patch !== 'replace');
    if (idx >= 0) out[idx] = smp(out[idx], item, ctx);
    else out.push(smp({}, item, ctx));
  }
  return out;
}

/** Strategic merge patch of `patch` onto `cur`. `ctx` says whose `ports` these are. */
export function smp(cur, patch, ctx = '') {
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out = isObj(cur) ? { ...cur } : {};
  const retain = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice(25);
      if (Array.isArray(out[f])) out[f] = out[f].filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) Reflect.deleteProperty(out, k);
    else if (Array.isArray(v)) out[k] = smpList(out[k], v, k, ctx);
    else if (isObj(v)) {
      const merged = smp(out[k], v, k === 'spec' && (out.kind === 'Service' || ctx === 'service') ? 'service' : ctx);
      if (merged === undefined) Reflect.deleteProperty(out, k);
      else out[k] = merged;
    } else out[k] = v;
  }
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k) && !(k in patch)) Reflect.deleteProperty(out, k);
  return out;
}

const unescape = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');
function pointer(doc, path) {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) throw bad(`invalid JSON pointer: ${JSON.stringify(path)}`);
  const parts = path.split('/').slice(1).map(unescape);
  const last = parts.pop();
  let parent = doc;
  for (const p of parts) {
    parent = Array.isArray(parent) ? parent[Number(p)] : parent?.[p];
    if (parent === undefined || parent === null) throw invalid(`the server rejected our request due to an error in our request`);
  }
  return { parent, last };
}

/** RFC 6902 operations add, remove, replace, move, copy, test. */
export function jsonPatch(target, ops) {
  if (!Array.isArray(ops)) throw bad('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  const getAt = (path) => {
    const { parent, last } = pointer(doc, path);
    return Array.isArray(parent) ? parent[Number(last)] : parent?.[last];
  };
  for (const op of ops) {
    if (!isObj(op)) throw bad('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const { parent, last } = op.path === '' ? { parent: undefined, last: undefined } : pointer(doc, op.path);
    const set = (v) => {
      if (parent === undefined) doc = v;
      else if (Array.isArray(parent)) {
        if (last === '-') parent.push(v);
        else parent.splice(Number(last), op.op === 'add' ? 0 : 1, v);
      } else parent[last] = v;
    };
    const remove = () => {
      const exists = Array.isArray(parent) ? Number(last) < parent.length : parent && Object.hasOwn(parent, last);
      if (!exists) throw invalid(`the server rejected our request due to an error in our request`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else Reflect.deleteProperty(parent, last);
    };
    switch (op.op) {
      case 'add':
        set(structuredClone(op.value));
        break;
      case 'replace':
        if (getAt(op.path) === undefined) throw invalid(`the server rejected our request due to an error in our request`);
        set(structuredClone(op.value));
        break;
      case 'remove':
        remove();
        break;
      case 'copy':
      case 'move': {
        const v = structuredClone(getAt(op.from));
        if (op.op === 'move') {
          const f = pointer(doc, op.from);
          if (Array.isArray(f.parent)) f.parent.splice(Number(f.last), 1);
          else Reflect.deleteProperty(f.parent, f.last);
        }
        set(v);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(op.path)) !== JSON.stringify(op.value)) throw invalid(`the server rejected our request due to an error in our request`);
        break;
      default:
        throw bad(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** Applies a PATCH body of `contentType` to `cur`. */
export function applyPatch(cur, body, contentType = '') {
  const t = contentType.split(';')[0].trim();
  if (t === 'application/json-patch+json') return jsonPatch(cur, body);
  if (!isObj(body)) throw bad(`json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type map[string]interface {}`);
  if (t === 'application/merge-patch+json') return mergePatch(cur, body);
  if (t === 'application/strategic-merge-patch+json') return smp(cur, body, cur?.kind === 'Service' ? 'service' : '');
  if (t === 'application/apply-patch+yaml') return smp(cur, body);
  const e = new Error(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  throw Object.assign(e, { code: 415, reason: 'UnsupportedMediaType' });
}
