// Where the lab API server's objects persist.
// * With `--etcd-servers` in its manifest and Debian's etcd on the machine (the lab kubelet runs
//   it as the stacked member): in that etcd, under the /registry/... keys, as JSON (the real server
//   writes protobuf for built-in types; `etcdctl get` shows readable JSON here). The API server
//   keeps a cache it reloads whenever etcd comes back (after a stop, a restore or a new cluster ID),
//   and answers with errors while etcd is unreachable.
// * Otherwise: a JSON state file in the control plane's /var/lib/etcd (written every 300 ms).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Etcd } from './etcd.mjs';

export const ETCD_BIN = '/usr/bin/etcd';

function fileBackend(store, dataDir) {
  const file = `${dataDir}/lab-state.json`;
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, 'utf8'));
    store.load(Object.entries(s.objects ?? {}).filter(([k]) => k.startsWith('/registry/')), s.rv ?? 1);
  }
  let dirty = false;
  const save = () => {
    if (!dirty) return;
    writeFileSync(`${file}.tmp`, JSON.stringify({ objects: Object.fromEntries(store.objects), rv: store.rv }));
    renameSync(`${file}.tmp`, file);
    dirty = false;
  };
  setInterval(save, 300).unref();
  return {
    kind: 'file',
    persist: () => {
      dirty = true;
    },
    down: () => false,
    close: save,
  };
}

function etcdBackend(store, { servers, ca, cert, key }) {
  const etcd = new Etcd({ url: servers.split(',')[0], ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) });
  let down = true;
  // Consecutive failed status checks. One check that times out on a loaded machine must not make
  // the server refuse everything: the real kube-apiserver has no such switch — each request fails
  // only when its own etcd call does — so the cache is declared unreachable after two.
  let failedChecks = 0;
  let identity = '';
  let lastRevision = 0;
  const queue = [];
  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    while (queue.length) {
      const [k, o] = queue[0];
      try {
        await (o ? etcd.put(k, o) : etcd.del(k));
        queue.shift();
      } catch {
        // etcd went away mid-write: the next successful check reloads the cache from etcd, so what
        // etcd never got is gone, as a write the real server could not commit is.
        down = true;
        queue.length = 0;
      }
    }
    flushing = false;
  }
  async function check() {
    try {
      const s = await etcd.status();
      const id = `${s.header?.cluster_id}/${s.header?.member_id}`;
      const rev = Number(s.header?.revision ?? 0);
      // Another API server writing to the same etcd cluster (the HA scenario's control planes, each
      // with its own member) raises etcd's revision past this cache's own: reload it.
      const foreign = rev > store.rv && queue.length === 0;
      if (down || id !== identity || rev < lastRevision || foreign) {
        const { revision, kvs } = await etcd.rangePrefix('/registry/');
        store.load(kvs, revision);
        store.onLoad?.();
        identity = id;
      }
      lastRevision = Math.max(rev, store.rv);
      down = false;
      failedChecks = 0;
    } catch (e) {
      failedChecks += 1;
      if (failedChecks >= 2 || down) {
        if (!down) console.error(`etcd unreachable: ${String(e?.message ?? e)}`);
        down = true;
      }
    }
  }
  let checking = false;
  setInterval(async () => {
    if (checking || flushing) return;
    checking = true;
    await check();
    checking = false;
  }, 1000).unref();
  return {
    kind: 'etcd',
    persist: (k, o) => {
      queue.push([k, o]);
      void flush();
    },
    down: () => down,
    close: () => undefined,
  };
}

export function openBackend(store, { dataDir, flag }) {
  const servers = flag('etcd-servers');
  if (servers && existsSync(ETCD_BIN)) return etcdBackend(store, { servers, ca: flag('etcd-cafile'), cert: flag('etcd-certfile'), key: flag('etcd-keyfile') });
  return fileBackend(store, dataDir);
}
