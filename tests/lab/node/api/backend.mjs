// Where the lab API server's objects persist. Without an etcd on the machine: a JSON state file in
// the control plane's /var/lib/etcd (written every 300 ms when something changed).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export async function openBackend(store, { dataDir }) {
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
    /** undefined when the store can answer; else the Status the API answers with. */
    unavailable: () => undefined,
    close: save,
  };
}
