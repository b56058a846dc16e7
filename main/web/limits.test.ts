import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requestNames, requests } from '../../common/contract';
import { MESSAGE_OVERHEAD_BYTES, wireBytes } from '../../common/wire';
import { MAX_CLIENT_MESSAGE_BYTES } from './protocol';

/** A string node of a payload's JSON Schema, where the walk found it. */
interface StringLimit {
  path: string;
  maxLength?: number;
  maxBytes?: number;
}

function stringLimits(node: unknown, path: string, out: StringLimit[]): StringLimit[] {
  if (!node || typeof node !== 'object') return out;
  const n = node as Record<string, unknown>;
  if (n.type === 'string' && (n.maxLength !== undefined || n.maxBytes !== undefined)) {
    out.push({
      path,
      maxLength: typeof n.maxLength === 'number' ? n.maxLength : undefined,
      maxBytes: typeof n.maxBytes === 'number' ? n.maxBytes : undefined,
    });
  }
  for (const [key, value] of Object.entries(n)) stringLimits(value, `${path}.${key}`, out);
  return out;
}

/**
 * The most bytes a string within its limit can take in a JSON message: a byte limit is exactly
 * that; a character limit alone allows 6 bytes a character (`\u0001`, a lone surrogate).
 */
function worstCaseBytes(limit: StringLimit): number {
  return limit.maxBytes ?? 6 * (limit.maxLength ?? Infinity);
}

describe('contract limits against the transport (issue 14, defect 2)', () => {
  it('every string limit in every request fits the web host message limit, in bytes', () => {
    const tooLarge: string[] = [];
    let walked = 0;
    for (const name of requestNames) {
      const schema = z.toJSONSchema(requests[name].payload, {
        io: 'input',
        unrepresentable: 'any',
      });
      for (const limit of stringLimits(schema, name, [])) {
        walked += 1;
        const bytes = worstCaseBytes(limit); // MESSAGE_OVERHEAD_BYTES covers its quotes
        if (bytes + MESSAGE_OVERHEAD_BYTES > MAX_CLIENT_MESSAGE_BYTES) {
          tooLarge.push(`${limit.path}: up to ${bytes} bytes`);
        }
      }
    }
    expect(walked).toBeGreaterThan(20);
    expect(tooLarge, `transport limit ${MAX_CLIENT_MESSAGE_BYTES} bytes`).toEqual([]);
  });

  it('the large texts a user pastes are limited in bytes, not characters', () => {
    for (const [name, field] of [
      ['diagnosis.classify', 'text'],
      ['nodes.import', 'text'],
    ] as const) {
      const schema = z.toJSONSchema(requests[name].payload, { io: 'input' });
      const limit = stringLimits(schema, name, []).find((l) => l.path.endsWith(`.${field}`));
      expect(limit?.maxBytes, name).toBeGreaterThan(0);
    }
  });

  it('a Chinese paste is refused by its bytes, naming the field, and accepted below them', () => {
    const schema = z.toJSONSchema(requests['nodes.import'].payload, { io: 'input' });
    const maxBytes =
      stringLimits(schema, 'nodes.import', []).find((l) => l.path.endsWith('.text'))?.maxBytes ?? 0;
    const fits = '节'.repeat(Math.floor(maxBytes / 3));
    const over = `${fits}节`;
    expect(wireBytes(fits)).toBeLessThanOrEqual(maxBytes);
    expect(over.length).toBeLessThan(maxBytes); // within a character limit, over the byte limit
    expect(requests['nodes.import'].payload.safeParse({ text: fits }).success).toBe(true);
    const refused = requests['nodes.import'].payload.safeParse({ text: over });
    expect(refused.error?.issues[0]?.path).toEqual(['text']);
    expect(refused.error?.issues[0]?.message).toMatch(/bytes|MiB/);
  });
});

describe('wireBytes', () => {
  it('counts what JSON.stringify writes, as UTF-8', () => {
    for (const text of [
      '',
      'plain ascii',
      'quote " and \\ backslash',
      '\n\r\t\b\f',
      '\u0000\u0001\u001b[31m',
      'é 中文 节点',
      '😀 pair',
      'lone \ud800 high',
      'lone \udc00 low',
      '\ud800',
    ]) {
      const expected = Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
      expect(wireBytes(text), JSON.stringify(text)).toBe(expected);
    }
  });
});
