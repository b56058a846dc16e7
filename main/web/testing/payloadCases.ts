/**
 * Test kit: hostile payloads for one contract method, made from its JSON Schema: null, missing,
 * wrong kinds, every field null / of the wrong type / over its limit / in odd Unicode, unknown
 * and prototype keys. Whether each is valid is for the contract's own schema to say; the fuzz
 * suite checks that the host agrees with it, answers every one, and acts on no refused one.
 */
import { z } from 'zod';
import { requests, type RequestName } from '../../../common/contract';

/** `undefined` stands for a message with no `payload` key at all. */
export interface PayloadCase {
  label: string;
  payload: unknown;
}

type JsonSchema = Record<string, unknown>;

/** Strings people and attackers paste: RTL override, NUL, lone surrogates, emoji, CJK, BOM. */
export const ODD_STRINGS = [
  '节点-一',
  '\u202etxt.exe',
  'a\u0000b',
  '\ud800',
  '😀'.repeat(64),
  '\ufeffname',
  '$(touch /tmp/x)',
  '"; rm -rf / #',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  ' ',
  '',
] as const;

const WRONG_KINDS: readonly [string, unknown][] = [
  ['null', null],
  ['a string', 'x'],
  ['a number', 42],
  ['a negative float', -1.5],
  ['a boolean', true],
  ['an array', ['x']],
  ['an object', { x: 1 }],
];

function properties(schema: JsonSchema): [string, JsonSchema][] {
  const props = schema.properties;
  if (!props || typeof props !== 'object') return [];
  return Object.entries(props as Record<string, JsonSchema>);
}

/** A string just over a field's limit, capped so one message stays far below the host's. */
function overLimit(field: JsonSchema): string | undefined {
  const bytes = typeof field.maxBytes === 'number' ? field.maxBytes : undefined;
  const chars = typeof field.maxLength === 'number' ? field.maxLength : undefined;
  const limit = bytes ?? chars;
  if (limit === undefined) return undefined;
  // A byte limit is passed with 3-byte characters: within a character count, over the bytes.
  return bytes !== undefined ? '节'.repeat(Math.floor(bytes / 3) + 1) : 'x'.repeat(limit + 1);
}

export function payloadCases(name: RequestName): PayloadCase[] {
  const schema = z.toJSONSchema(requests[name].payload, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const cases: PayloadCase[] = [
    { label: 'null', payload: null },
    { label: 'missing', payload: undefined },
    ...WRONG_KINDS.filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v)).map(
      ([label, payload]) => ({ label: `payload ${label}`, payload }),
    ),
    { label: 'empty object', payload: {} },
    { label: 'unknown key', payload: { unknownKey: 1 } },
    { label: '__proto__ key', payload: JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
    { label: 'constructor key', payload: { constructor: { prototype: { polluted: true } } } },
  ];
  for (const [key, field] of properties(schema)) {
    for (const [label, value] of WRONG_KINDS) {
      cases.push({ label: `${key}: ${label}`, payload: { [key]: value } });
    }
    const over = overLimit(field);
    if (over !== undefined)
      cases.push({ label: `${key}: over its limit`, payload: { [key]: over } });
    cases.push({ label: `${key}: huge array`, payload: { [key]: new Array(5000).fill('x') } });
    for (const odd of ODD_STRINGS) {
      cases.push({ label: `${key}: ${JSON.stringify(odd).slice(0, 24)}`, payload: { [key]: odd } });
    }
    // One level down (a patch, a terminal target, a plan): wrong kinds and odd strings there too.
    for (const [inner] of properties(field)) {
      cases.push({ label: `${key}.${inner}: null`, payload: { [key]: { [inner]: null } } });
      cases.push({ label: `${key}.${inner}: number`, payload: { [key]: { [inner]: 1e308 } } });
      cases.push({
        label: `${key}.${inner}: odd`,
        payload: { [key]: { [inner]: '\u202e节\u0000' } },
      });
    }
  }
  return cases;
}
