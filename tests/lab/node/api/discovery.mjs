// Discovery as the kube-apiserver serves it: /api (APIVersions), /apis (APIGroupList),
// /apis/<group> (APIGroup), /api/v1 and /apis/<group>/<version> (APIResourceList), and the
// aggregated form (apidiscovery.k8s.io APIGroupDiscoveryList) when the Accept header asks for it.
// Formats: k8s.io/apimachinery/pkg/apis/meta/v1 types.go (APIVersions, APIGroupList,
// APIResourceList), k8s.io/api/apidiscovery/v2 types.go, KEP-3352 (aggregated discovery: beta
// v2beta1 on by default from 1.27, v2 GA in 1.30, v2beta1 removed in 1.33). A client that also
// accepts plain application/json gets the unaggregated documents when the version has no
// aggregated form, and falls back to them (client-go discovery checks the response Content-Type).
import { groupVersions, preferredVersion, served } from './resources.mjs';

const gv = (group, version) => (group ? `${group}/${version}` : version);

/** Which aggregated discovery version to answer for this Accept header, if any. */
export function aggregatedVersion(minor, accept = '') {
  for (const part of accept.split(',')) {
    if (!/as=APIGroupDiscoveryList/.test(part) || !/g=apidiscovery\.k8s\.io/.test(part)) continue;
    const v = /v=(v2(?:beta1)?)\b/.exec(part)?.[1];
    if (v === 'v2' && minor >= 30) return v;
    if (v === 'v2beta1' && minor >= 27 && minor <= 32) return v;
  }
  return undefined;
}

function resourceList(minor, group, version) {
  const resources = [];
  for (const r of served(minor).filter((x) => x.group === group && x.version === version)) {
    resources.push({
      name: r.name,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const [s, d] of Object.entries(r.sub ?? {})) {
      resources.push({ name: `${r.name}/${s}`, singularName: '', namespaced: r.namespaced, ...(d.group ? { group: d.group, version: d.version } : {}), kind: d.kind, verbs: d.verbs });
    }
  }
  return resources.length ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(group, version), resources } : undefined;
}

function apiGroup(minor, name) {
  const versions = groupVersions(minor).get(name);
  if (!versions) return undefined;
  const pv = preferredVersion(minor, name);
  return { name, versions: versions.map((v) => ({ groupVersion: gv(name, v), version: v })), preferredVersion: { groupVersion: gv(name, pv), version: pv } };
}

function aggregated(minor, version, core) {
  const items = [];
  for (const [group, versions] of groupVersions(minor)) {
    if ((group === '') !== core) continue;
    const pv = preferredVersion(minor, group);
    const ordered = [pv, ...versions.filter((v) => v !== pv)];
    items.push({
      metadata: { name: group, creationTimestamp: null },
      versions: ordered.map((v) => ({
        version: v,
        resources: served(minor)
          .filter((r) => r.group === group && r.version === v)
          .map((r) => ({
            resource: r.name,
            responseKind: { group, version: v, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.kind.toLowerCase(),
            verbs: r.verbs,
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            ...(r.categories ? { categories: r.categories } : {}),
            ...(r.sub ? { subresources: Object.entries(r.sub).map(([s, d]) => ({ subresource: s, responseKind: { group: d.group ?? group, version: d.version ?? v, kind: d.kind }, verbs: d.verbs })) } : {}),
          })),
        freshness: 'Current',
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/**
 * The discovery answer for `path`, or undefined when the path is not a discovery path.
 * @returns {{body: object, contentType: string} | {notFound: true} | undefined}
 */
export function discovery(minor, path, accept, serverAddress) {
  const parts = path.split('/').filter(Boolean);
  const json = 'application/json';
  if (parts[0] !== 'api' && parts[0] !== 'apis') return undefined;
  if (parts.length === 1) {
    const agg = aggregatedVersion(minor, accept);
    if (agg) return { body: aggregated(minor, agg, parts[0] === 'api'), contentType: `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList` };
    if (parts[0] === 'api') return { body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] }, contentType: json };
    const groups = [...groupVersions(minor).keys()].filter((g) => g !== '').map((g) => apiGroup(minor, g));
    return { body: { kind: 'APIGroupList', apiVersion: 'v1', groups }, contentType: json };
  }
  if (parts[0] === 'api' && parts.length === 2) {
    const body = parts[1] === 'v1' ? resourceList(minor, '', 'v1') : undefined;
    return body ? { body, contentType: json } : { notFound: true };
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const g = apiGroup(minor, parts[1]);
    return g ? { body: { kind: 'APIGroup', apiVersion: 'v1', ...g }, contentType: json } : { notFound: true };
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const body = resourceList(minor, parts[1], parts[2]);
    return body ? { body, contentType: json } : { notFound: true };
  }
  return undefined;
}
