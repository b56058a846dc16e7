// /openapi/v2 and /openapi/v3, as far as kubectl needs them. kubectl apply/create validate with
// `--validate=strict` by default: they ask the server whether it does field validation itself
// (k8s.io/cli-runtime resource/query_param_verifier_v3.go: the PATCH operation of the kind's path,
// tagged `x-kubernetes-group-version-kind`, has a `fieldValidation` query parameter), falling back
// to the OpenAPI v2 document (protobuf, gnostic openapiv2.Document) when v3 is missing. The lab
// serves both: v3 with every resource's PATCH operation and its query parameters (as the real
// server's per-group-version documents do, without the schemas), and a v2 document with no paths
// and no definitions, whose absence of a type makes client-side validation skip it
// (kubectl pkg/util/openapi/validation: "resource is not present, let's just skip validation").
// The protobuf answer's Content-Type is kube-openapi handler.go's (`spec.v2.v1.0`: Go's mime parser refuses the `@` of the Accept form).
// Where kubectl needs a type's schema (explain), the lab has none: `kubectl explain` fails.
import { createHash } from 'node:crypto';
import { groupVersions, served } from './resources.mjs';

const gvPath = (group, version) => (group ? `apis/${group}/${version}` : `api/${version}`);
const QUERY = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'];

function gvDocument(minor, full, group, version) {
  const paths = {};
  for (const r of served(minor).filter((x) => x.group === group && x.version === version)) {
    const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.name}/{name}`;
    if (!r.verbs.includes('patch')) continue;
    paths[base] = {
      patch: {
        operationId: `patch${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
        parameters: QUERY.map((name) => ({ name, in: 'query', uniqueItems: true, schema: { type: name === 'force' ? 'boolean' : 'string' } })),
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, kind: r.kind, version },
        responses: { 200: { description: 'OK' } },
      },
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }, ...(r.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : [])],
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: full }, paths, components: { schemas: {} } };
}

const hashOf = (doc) => createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase().slice(0, 128);

// Minimal protobuf writer: field tag + length-delimited bytes (wire type 2) is all a v2 Document needs.
function varint(n) {
  const b = [];
  while (n > 127) {
    b.push((n & 127) | 128);
    n >>>= 7;
  }
  b.push(n);
  return Buffer.from(b);
}
const field = (no, payload) => Buffer.concat([varint((no << 3) | 2), varint(payload.length), payload]);
const str = (no, s) => field(no, Buffer.from(s, 'utf8'));

/** openapiv2.Document { swagger = 1; info = 2 { title = 1; version = 2 }; paths = 8; definitions = 9 }. */
function v2Protobuf(full) {
  return Buffer.concat([str(1, '2.0'), field(2, Buffer.concat([str(1, 'Kubernetes'), str(2, full)])), field(8, Buffer.alloc(0)), field(9, Buffer.alloc(0))]);
}

/** @returns {{code: number, body: Buffer|object, contentType: string} | undefined} */
export function openapi(minor, full, path, accept = '') {
  if (path === '/openapi/v2') {
    if (/protobuf/.test(accept)) return { code: 200, body: v2Protobuf(full), contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
    return { code: 200, body: { swagger: '2.0', info: { title: 'Kubernetes', version: full }, paths: {}, definitions: {} }, contentType: 'application/json' };
  }
  if (path === '/openapi/v3') {
    const paths = {};
    for (const [group, versions] of groupVersions(minor)) {
      for (const v of versions) paths[gvPath(group, v)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, v)}?hash=${hashOf(gvDocument(minor, full, group, v))}` };
    }
    return { code: 200, body: { paths }, contentType: 'application/json' };
  }
  const m = /^\/openapi\/v3\/(api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const [group, version] = m[2] ? ['', m[2]] : [m[3], m[4]];
  if (!groupVersions(minor).get(group)?.includes(version)) return undefined;
  return { code: 200, body: gvDocument(minor, full, group, version), contentType: 'application/json' };
}
