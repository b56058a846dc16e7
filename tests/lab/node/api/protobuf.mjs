// Kubernetes protobuf request bodies, decoded to the JSON objects the rest of the lab API server
// works with. client-go's typed clients send protobuf for built-in types from Kubernetes 1.31
// (kubernetes/kubernetes#125314 "Use protobuf for core clients"), so a real kubectl ≥ 1.31 sends
// `kubectl create namespace|configmap|secret|serviceaccount` and drain's evictions this way.
//
// The body is the envelope apimachinery's protobuf serializer writes
// (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go): the 4-byte prefix "k8s\0",
// then a runtime.Unknown message { typeMeta = 1 { apiVersion = 1, kind = 2 }, raw = 2,
// contentEncoding = 3, contentType = 4 } (pkg/runtime/generated.proto) whose `raw` is the object's
// own message. The field numbers below are those of the upstream generated.proto files
// (k8s.io/apimachinery pkg/apis/meta/v1, k8s.io/api core/v1 and policy/v1). Only the kinds kubectl
// writes with typed clients that the lab serves are described; any other kind is refused as the
// real server refuses a body it has no serializer for (415), which is what the lab did for all.
//
// JSON shape: Go's encoding/json with the types' `omitempty` tags. Scalar fields gogo-protobuf
// always writes (a non-pointer string is written even when empty) are dropped when zero; fields
// that are pointers in Go (`*bool`, `*int64`) are only on the wire when set, so a written false or
// 0 is kept (`keep`).

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Wire reader: https://protobuf.dev/programming-guides/encoding/ */
function fields(buf) {
  const out = [];
  let i = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw new Error('truncated field');
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(i, i + 8) });
      i += 8;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(i, i + 4) });
      i += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

// Message descriptors: field number → [json name, type, options]. Types: string, bytes (base64 in
// JSON), int64, int32, bool, time (metav1.Time: seconds = 1, nanos = 2 → RFC 3339), map
// (map<string,string>), bytesmap (map<string,bytes>), or a descriptor (a nested message).
// `repeated` makes a list.
const TYPE_META = { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] };
const UNKNOWN = { 1: ['typeMeta', TYPE_META], 2: ['raw', 'raw'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] };
const OWNER_REFERENCE = {
  5: ['apiVersion', 'string'],
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  6: ['controller', 'bool', { keep: true }],
  7: ['blockOwnerDeletion', 'bool', { keep: true }],
};
export const OBJECT_META = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int64'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'int64', { keep: true }],
  11: ['labels', 'map'],
  12: ['annotations', 'map'],
  13: ['ownerReferences', OWNER_REFERENCE, { repeated: true }],
  14: ['finalizers', 'string', { repeated: true }],
  // managedFields (17) is written by the server, never by kubectl: not decoded.
};
const PRECONDITIONS = { 1: ['uid', 'string', { keep: true }], 2: ['resourceVersion', 'string', { keep: true }] };
const DELETE_OPTIONS = {
  1: ['gracePeriodSeconds', 'int64', { keep: true }],
  2: ['preconditions', PRECONDITIONS],
  3: ['orphanDependents', 'bool', { keep: true }],
  4: ['propagationPolicy', 'string', { keep: true }],
  5: ['dryRun', 'string', { repeated: true }],
};
const OBJECT_REFERENCE = {
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['fieldPath', 'string'],
};

/** The kinds decoded, by `apiVersion/kind` as the envelope names them. */
const KINDS = {
  'v1/Namespace': {
    1: ['metadata', OBJECT_META],
    2: ['spec', { 1: ['finalizers', 'string', { repeated: true }] }],
    3: ['status', { 1: ['phase', 'string'] }],
  },
  'v1/ConfigMap': { 1: ['metadata', OBJECT_META], 4: ['immutable', 'bool', { keep: true }], 2: ['data', 'map'], 3: ['binaryData', 'bytesmap'] },
  'v1/Secret': {
    1: ['metadata', OBJECT_META],
    5: ['immutable', 'bool', { keep: true }],
    2: ['data', 'bytesmap'],
    4: ['stringData', 'map'],
    3: ['type', 'string'],
  },
  'v1/ServiceAccount': {
    1: ['metadata', OBJECT_META],
    2: ['secrets', OBJECT_REFERENCE, { repeated: true }],
    3: ['imagePullSecrets', { 1: ['name', 'string'] }, { repeated: true }],
    4: ['automountServiceAccountToken', 'bool', { keep: true }],
  },
  'policy/v1/Eviction': { 1: ['metadata', OBJECT_META], 2: ['deleteOptions', DELETE_OPTIONS] },
  'v1/DeleteOptions': DELETE_OPTIONS,
  'meta.k8s.io/v1/DeleteOptions': DELETE_OPTIONS,
};

function mapEntry(buf, bytes) {
  let key = '';
  let value = '';
  for (const f of fields(buf)) {
    if (f.no === 1) key = f.value.toString('utf8');
    else if (f.no === 2) value = bytes ? Buffer.from(f.value).toString('base64') : f.value.toString('utf8');
  }
  return [key, value];
}

function timeOf(buf) {
  let seconds = 0n;
  for (const f of fields(buf)) if (f.no === 1) seconds = BigInt.asIntN(64, f.value);
  if (seconds === 0n) return undefined; // Go's zero Time: JSON null, left out
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function scalar(type, f) {
  switch (type) {
    case 'string':
      return f.value.toString('utf8');
    case 'raw':
      return f.value;
    case 'bytes':
      return Buffer.from(f.value).toString('base64');
    case 'int64':
      return Number(BigInt.asIntN(64, f.value));
    case 'int32':
      return Number(BigInt.asIntN(32, f.value));
    case 'bool':
      return f.value !== 0n;
    case 'time':
      return timeOf(f.value);
    default:
      throw new Error(`unknown field type ${type}`);
  }
}

const isZero = (v) =>
  v === undefined || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (v && typeof v === 'object' && !Buffer.isBuffer(v) && Object.keys(v).length === 0);

/** Decodes one message by its descriptor into a plain object, Go-JSON shaped. */
export function decodeMessage(buf, desc) {
  const obj = {};
  for (const f of fields(buf)) {
    const d = desc[f.no];
    if (!d) continue; // a field the lab does not know: ignored, as an older server would
    const [name, type, opt = {}] = d;
    let v;
    if (type === 'map' || type === 'bytesmap') {
      const [k, val] = mapEntry(f.value, type === 'bytesmap');
      obj[name] = { ...(obj[name] ?? {}), [k]: val };
      continue;
    }
    if (typeof type === 'object') v = decodeMessage(f.value, type);
    else v = scalar(type, f);
    if (opt.repeated) obj[name] = [...(obj[name] ?? []), v];
    else obj[name] = v;
  }
  const keep = new Set(Object.values(desc).filter(([, , opt = {}]) => opt.keep).map(([name]) => name));
  return Object.fromEntries(Object.entries(obj).filter(([name, v]) => keep.has(name) || !isZero(v)));
}

/**
 * The JSON object of a protobuf request body, or an error with the HTTP status the real server
 * gives: 400 for a body without the envelope, 415 for a kind the lab has no descriptor for.
 */
export function decodeProtobufBody(body) {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw Object.assign(new Error('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'), { code: 400, reason: 'BadRequest' });
  }
  const unknown = decodeMessage(body.subarray(4), UNKNOWN);
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const desc = KINDS[`${apiVersion}/${kind}`];
  if (!desc) {
    throw Object.assign(new Error('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml'), { code: 415, reason: 'UnsupportedMediaType' });
  }
  return { apiVersion, kind, ...decodeMessage(unknown.raw ?? Buffer.alloc(0), desc) };
}
