// busybox 1.28's nslookup, for `kubectl exec <pod> -- nslookup NAME` in a pod whose image is
// busybox:1.28 (the lab runs exec'd commands with the node's filesystem, which has none).
// Output of busybox networking/nslookup.c before the 1.29 rewrite: server_print() then
// print_host(NAME, "Name:"), each `printf("%-10s %s\n", header, host)` and one
// `printf("Address %u: %s%c", n, ip, revhost ? ' ' : '\n')` (+ the reverse name) per address;
// a failure is `bb_error_msg("can't resolve '%s'", host)` on stderr and exit status 1. Sample:
// kubernetes.io "Debugging DNS Resolution" (busybox:1.28 era), kubernetes-the-hard-way.
// Resolution is what CoreDNS answers from the API: the pod's resolv.conf as the kubelet writes
// it (nameserver = clusterDNS, search <ns>.svc.<domain> svc.<domain> <domain>, ndots:5, the libc
// resolver tries the search list first), `<svc>.<ns>.svc.<domain>` → the Service's ClusterIP,
// `a-b-c-d.<ns>.pod.<domain>` → a-b-c-d, anything else is forwarded upstream (no internet in the
// lab: no answer). The nameserver answers only if it is a Service's ClusterIP (kube-dns), this
// node's kube-proxy runs (it programs the ClusterIP) and a ready CoreDNS pod backs it; else every
// query times out (the resolver's 5 s), like a cluster without CNI or with CoreDNS down.

/** busybox:1.28, busybox:1.28.4, mirror/…/library/busybox:1.28-uclibc … */
export const isBusybox128 = (image) => /(^|\/)busybox:1\.28(\.\d+)?(-[a-z]+)?$/.test(image ?? '');

/** The argv of a busybox nslookup call, or undefined. */
export function nslookupArgs(command) {
  const [a, b, ...rest] = command ?? [];
  if (a === 'nslookup' || a === '/bin/nslookup' || a === '/usr/bin/nslookup') return [b, ...rest].filter((x) => x !== undefined);
  if ((a === 'busybox' || a === '/bin/busybox') && b === 'nslookup') return rest;
  return undefined;
}

const ready = (p) => p.status?.phase === 'Running' && !!p.status?.podIP && (p.status.containerStatuses ?? []).length > 0 && p.status.containerStatuses.every((c) => c.ready);
const matches = (sel, labels) => !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);

/**
 * @param {{ args: string[], pod: any, services: any[], pods: any[], nameserver: string, domain: string, nodeName: string }} c
 * @returns {{ stdout: string, stderr: string, code: number, waitMs: number }}
 */
export function busyboxNslookup({ args, pod, services, pods, nameserver, domain, nodeName }) {
  const name = args[0];
  if (!name) return { stdout: '', stderr: 'BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n', code: 1, waitMs: 0 };
  const line = (header, host) => `${header.padEnd(10)} ${host}\n`;
  const dnsSvc = services.find((s) => s.spec?.clusterIP === nameserver);
  const proxyUp = pods.some((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec?.nodeName === nodeName && p.status?.phase === 'Running');
  const backends = dnsSvc ? pods.filter((p) => p.metadata.namespace === dnsSvc.metadata.namespace && matches(dnsSvc.spec.selector, p.metadata.labels) && ready(p)) : [];
  const up = !!dnsSvc && proxyUp && backends.length > 0;
  const svcName = (s) => `${s.metadata.name}.${s.metadata.namespace}.svc.${domain}`;
  const reverse = (ip) => {
    const s = services.find((x) => x.spec?.clusterIP === ip);
    return s ? svcName(s) : undefined;
  };
  let waitMs = 0;
  // Server: the numeric address always "resolves"; its reverse name needs the server.
  let stdout = line('Server:', nameserver);
  const serverRev = up ? reverse(nameserver) : undefined;
  if (!up) waitMs += 5000;
  stdout += `Address 1: ${nameserver}${serverRev ? ` ${serverRev}` : ''}\n\n`;
  const fail = () => ({ stdout, stderr: `nslookup: can't resolve '${name}'\n`, code: 1, waitMs: waitMs + 5000 });
  if (!up) return fail();

  const ns = pod.metadata.namespace;
  const q = name.toLowerCase().replace(/\.$/, '');
  const search = [`${ns}.svc.${domain}`, `svc.${domain}`, domain];
  const dots = (q.match(/\./g) ?? []).length;
  const candidates = name.endsWith('.') ? [q] : dots >= 5 ? [q, ...search.map((d) => `${q}.${d}`)] : [...search.map((d) => `${q}.${d}`), q];
  const lookup = (fqdn) => {
    const svcSuffix = `.svc.${domain}`;
    if (fqdn.endsWith(svcSuffix)) {
      const parts = fqdn.slice(0, -svcSuffix.length).split('.');
      if (parts.length !== 2) return undefined;
      const s = services.find((x) => x.metadata.name === parts[0] && x.metadata.namespace === parts[1]);
      if (!s) return undefined;
      if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') return [s.spec.clusterIP];
      const ips = pods.filter((p) => p.metadata.namespace === parts[1] && matches(s.spec?.selector, p.metadata.labels) && ready(p)).map((p) => p.status.podIP);
      return ips.length ? ips : undefined;
    }
    const m = new RegExp(`^(\\d{1,3})-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})\\.[a-z0-9-]+\\.pod\\.${domain.replace(/\./g, '\\.')}$`).exec(fqdn);
    return m ? [m.slice(1, 5).join('.')] : undefined;
  };
  for (const fqdn of candidates) {
    const ips = lookup(fqdn);
    if (!ips) continue;
    stdout += line('Name:', name);
    ips.forEach((ip, i) => {
      const rev = reverse(ip);
      stdout += `Address ${i + 1}: ${ip}${rev ? ` ${rev}` : ''}\n`;
    });
    return { stdout, stderr: '', code: 0, waitMs };
  }
  return { ...fail(), waitMs };
}
