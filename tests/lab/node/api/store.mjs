// The lab API server's object store: objects under the kube-apiserver's etcd keys
// (/registry/<resource>/<namespace>/<name>, cluster-scoped /registry/<resource>/<name>; nodes
// under `minions`, services under `services/specs`, endpoints under `services/endpoints`: the
// prefixes of pkg/registry/*/storage in kubernetes/kubernetes), one resourceVersion counter, and
// the change history a watch resumes from. Where the objects persist is the backend's business
// (backend.mjs: a real etcd, or a state file where no etcd binary exists).
import { randomUUID } from 'node:crypto';

const PREFIX = { nodes: 'minions', services: 'services/specs', endpoints: 'services/endpoints', customresourcedefinitions: 'apiextensions.k8s.io/customresourcedefinitions', podsecuritypolicies: 'podsecuritypolicy' };
export const registryKey = (res, ns, name) => `/registry/${PREFIX[res] ?? res}/${ns ? `${ns}/` : ''}${name}`;
export const registryPrefix = (res, ns) => `/registry/${PREFIX[res] ?? res}/${ns ? `${ns}/` : ''}`;
const HISTORY = 5000;

export class Store {
  /** @param {{ clusterScoped: (res: string) => boolean, kindOf: (res: string) => string, persist?: (key: string, obj: object | null, rv: number) => void }} opts */
  constructor(opts) {
    this.opts = opts;
    /** @type {Map<string, any>} key → object */
    this.objects = new Map();
    this.rv = 1;
    /** @type {{type: string, res: string, obj: any, rv: number}[]} */
    this.history = [];
    /** @type {Set<(e: {type: string, res: string, obj: any, rv: number}) => void>} */
    this.watchers = new Set();
  }

  /** Replaces the whole content (a load from the backend). */
  load(entries, rv) {
    this.objects = new Map(entries);
    this.rv = Math.max(rv, 1);
    this.history = [];
    // Watches opened before the reload cannot be resumed: they end, and clients list and watch again.
    for (const w of [...this.watchers]) w({ type: 'RESET', res: '', obj: null, rv: this.rv });
  }

  key(res, ns, name) {
    return registryKey(res, this.opts.clusterScoped(res) ? '' : ns, name);
  }

  get(res, ns, name) {
    return this.objects.get(this.key(res, ns, name));
  }

  list(res, ns) {
    const prefix = registryPrefix(res, this.opts.clusterScoped(res) || ns === undefined ? '' : ns);
    const out = [];
    for (const [k, v] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      // /registry/services/specs/… is not under /registry/services/endpoints/…, but a bare
      // resource prefix must not match a longer resource name's keys.
      if (v && (this.opts.clusterScoped(res) || ns === undefined || v.metadata?.namespace === ns)) out.push(v);
    }
    return out;
  }

  #emit(type, res, obj) {
    const e = { type, res, obj, rv: this.rv };
    this.history.push(e);
    if (this.history.length > HISTORY) this.history.shift();
    for (const w of this.watchers) w(e);
  }

  put(res, ns, obj) {
    obj.metadata ??= {};
    const k = this.key(res, ns, obj.metadata.name);
    const existed = this.objects.has(k);
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.uid ??= randomUUID();
    obj.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (!this.opts.clusterScoped(res)) obj.metadata.namespace = ns;
    else delete obj.metadata.namespace;
    obj.kind ??= this.opts.kindOf(res);
    this.objects.set(k, obj);
    this.opts.persist?.(k, obj, this.rv);
    this.#emit(existed ? 'MODIFIED' : 'ADDED', res, obj);
    return obj;
  }

  del(res, ns, name) {
    const k = this.key(res, ns, name);
    const o = this.objects.get(k);
    if (!o) return undefined;
    this.objects.delete(k);
    ++this.rv;
    const gone = { ...o, metadata: { ...o.metadata, resourceVersion: String(this.rv) } };
    this.opts.persist?.(k, null, this.rv);
    this.#emit('DELETED', res, gone);
    return gone;
  }

  /** Events after resourceVersion `rv` for `res`, or undefined when the history no longer reaches back that far. */
  since(res, rv) {
    const oldest = this.history[0]?.rv ?? this.rv + 1;
    if (rv < oldest - 1 && rv < this.rv) return undefined;
    return this.history.filter((e) => e.rv > rv && e.res === res);
  }
}
