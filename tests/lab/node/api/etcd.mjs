// A client for the stacked etcd member over its gRPC gateway (etcd 3.4: JSON over HTTPS at
// /v3/kv/range, /v3/kv/put, /v3/kv/deleterange, /v3/maintenance/status; keys and values base64,
// https://etcd.io/docs/v3.4/dev-guide/api_grpc_gateway/), authenticated with the client
// certificate kubeadm gives the API server (apiserver-etcd-client, trusted by etcd/ca).
import https from 'node:https';

const b64 = (s) => Buffer.from(s).toString('base64');
const unb64 = (s) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** The smallest key after every key starting with `prefix` (etcd's range_end for a prefix). */
function prefixEnd(prefix) {
  const b = Buffer.from(prefix);
  b[b.length - 1] += 1;
  return b.toString('base64');
}

export class Etcd {
  /** @param {{url: string, ca: Buffer, cert: Buffer, key: Buffer}} opts */
  constructor(opts) {
    this.opts = opts;
    this.agent = new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, maxSockets: 4 });
  }

  call(path, body, timeoutMs = 3000) {
    const url = new URL(path, this.opts.url);
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json' }, timeout: timeoutMs, servername: 'localhost' }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`etcd ${path}: ${res.statusCode} ${text}`));
          try {
            resolve(JSON.parse(text));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('context deadline exceeded')));
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  status() {
    return this.call('/v3/maintenance/status', {});
  }

  /** All [key, JSON value] under `prefix` and the store's revision. */
  async rangePrefix(prefix) {
    const r = await this.call('/v3/kv/range', { key: b64(prefix), range_end: prefixEnd(prefix) }, 10000);
    return { revision: Number(r.header?.revision ?? 0), kvs: (r.kvs ?? []).map((kv) => [unb64(kv.key), JSON.parse(unb64(kv.value))]) };
  }

  put(key, value) {
    return this.call('/v3/kv/put', { key: b64(key), value: b64(JSON.stringify(value)) });
  }

  del(key) {
    return this.call('/v3/kv/deleterange', { key: b64(key) });
  }
}
