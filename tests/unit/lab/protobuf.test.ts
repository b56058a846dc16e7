import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeProtobufBody,
  OBJECT_META,
  PROTOBUF_MAGIC,
} from '../../lab/node/api/protobuf.mjs';

/**
 * The lab API server decodes the protobuf bodies client-go's typed clients send from 1.31 on
 * (kubectl create namespace, configmap, secret, serviceaccount; drain's evictions). The encoder
 * below writes the wire format (protobuf.dev "Encoding") with the upstream generated.proto field
 * numbers, as gogo-protobuf does: every non-pointer string written even when empty.
 */
const varint = (n: number | bigint): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const bytes = (no: number, b: Buffer | number[]): number[] => [
  ...varint((no << 3) | 2),
  ...varint(b.length),
  ...b,
];
const str = (no: number, s: string): number[] => bytes(no, Buffer.from(s, 'utf8'));
const num = (no: number, n: number | bigint): number[] => [...varint(no << 3), ...varint(n)];
const entry = (no: number, k: string, v: string | Buffer): number[] =>
  bytes(no, [...str(1, k), ...bytes(2, typeof v === 'string' ? Buffer.from(v) : v)]);
/** ObjectMeta as gogo writes it for kubectl's object: empty strings included, zero Time. */
const meta = (name: string, ns = '', extra: number[] = []): number[] => [
  ...str(1, name),
  ...str(2, ''),
  ...str(3, ns),
  ...str(4, ''),
  ...str(5, ''),
  ...str(6, ''),
  ...num(7, 0),
  ...bytes(8, []),
  ...extra,
];
const envelope = (apiVersion: string, kind: string, raw: number[]): Buffer =>
  Buffer.from([
    ...PROTOBUF_MAGIC,
    ...bytes(1, [...str(1, apiVersion), ...str(2, kind)]),
    ...bytes(2, raw),
    ...str(3, ''),
    ...str(4, ''),
  ]);

describe('protobuf request bodies in the lab API server', () => {
  it('reads the ObjectMeta of client-go’s own test body (kubernetes#125314, clientset_test.go)', () => {
    // The first bytes of the Pod that PR's TestClientContentType expects on the wire: the
    // envelope, then metadata = 1 { name "snorlax", the empty strings, generation 0, zero Time }.
    const published = Buffer.from(
      '6b3873000a090a0276311203506f6412490a170a07736e6f726c617812001a0022002a00320038004200',
      'hex',
    );
    const objectMeta = published.subarray(19, 19 + 0x17);
    expect(decodeMessage(objectMeta, OBJECT_META)).toEqual({ name: 'snorlax' });
    // A Pod is not among the kinds the lab decodes: refused as a server without its serializer.
    const pod = envelope('v1', 'Pod', [...bytes(1, meta('snorlax'))]);
    expect(() => decodeProtobufBody(pod)).toThrow(/unknown format/);
  });

  it('namespace, configmap, secret and serviceaccount as kubectl create sends them', () => {
    expect(
      decodeProtobufBody(
        envelope('v1', 'Namespace', [
          ...bytes(1, meta('team-a')),
          ...bytes(2, []),
          ...bytes(3, str(1, '')),
        ]),
      ),
    ).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });

    const labels = entry(11, 'app', 'web');
    expect(
      decodeProtobufBody(
        envelope('v1', 'ConfigMap', [
          ...bytes(1, meta('settings', 'team-a', labels)),
          ...entry(2, 'mode', 'fast'),
          ...entry(2, 'level', '3'),
        ]),
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'team-a', labels: { app: 'web' } },
      data: { mode: 'fast', level: '3' },
    });

    expect(
      decodeProtobufBody(
        envelope('v1', 'Secret', [
          ...bytes(1, meta('db', 'team-a')),
          ...entry(2, 'password', Buffer.from([0xff, 0x00, 0x41])),
          ...str(3, 'Opaque'),
          ...num(5, 0), // immutable is *bool: a written false is kept
        ]),
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'team-a' },
      data: { password: Buffer.from([0xff, 0x00, 0x41]).toString('base64') },
      type: 'Opaque',
      immutable: false,
    });

    expect(
      decodeProtobufBody(envelope('v1', 'ServiceAccount', [...bytes(1, meta('robot', 'team-a'))])),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot', namespace: 'team-a' },
    });
  });

  it('an eviction with its delete options; times and negative numbers', () => {
    const created = 1_700_000_000;
    const body = envelope('policy/v1', 'Eviction', [
      ...bytes(1, [...str(1, 'web-1'), ...str(3, 'default'), ...bytes(8, num(1, created))]),
      ...bytes(2, [...num(1, 30), ...str(4, 'Background')]),
    ]);
    expect(decodeProtobufBody(body)).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default', creationTimestamp: '2023-11-14T22:13:20Z' },
      deleteOptions: { gracePeriodSeconds: 30, propagationPolicy: 'Background' },
    });
    const negative = decodeMessage(Buffer.from(num(10, -1n & 0xffffffffffffffffn)), OBJECT_META);
    expect(negative).toEqual({ deletionGracePeriodSeconds: -1 });
  });

  it('refuses a body without the envelope and a truncated one', () => {
    expect(() => decodeProtobufBody(Buffer.from('{"kind":"Namespace"}'))).toThrow(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    const cut = envelope('v1', 'Namespace', [...bytes(1, meta('team-a'))]).subarray(0, 20);
    expect(() => decodeProtobufBody(cut)).toThrow(/truncated/);
  });
});
