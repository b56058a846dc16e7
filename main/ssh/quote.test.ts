import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { envLines, shQuote } from './quote';

const nasty = [
  '',
  'plain',
  "it's",
  "''''",
  '$(touch /tmp/kubelab-pwned) `id` ${HOME} $HOME',
  'a\nb\r\nc\t d',
  '\\ \\\\ \\n "double" ; & | > < * ? [ ] ! # ~',
  'ünïcødé ✓ 漢字',
  '-n -e --',
  "'; rm -rf / #",
];

describe('shQuote', () => {
  it('round-trips any string through real bash byte for byte', () => {
    for (const value of nasty) {
      const out = execFileSync('bash', ['-c', `printf '%s' ${shQuote(value)}`]);
      expect(out.toString('utf8')).toBe(value);
    }
  });

  it('builds export lines that bash evaluates to the same environment', () => {
    const env = Object.fromEntries(nasty.map((v, i) => [`V${i}`, v]));
    const script = `${envLines(env)}for i in $(seq 0 ${nasty.length - 1}); do n=V$i; printf '%s\\0' "\${!n}"; done`;
    const out = execFileSync('bash', ['-c', script]).toString('utf8').split('\0').slice(0, -1);
    expect(out).toEqual(nasty);
  });

  it('refuses names that are not identifiers and NUL bytes', () => {
    expect(() => envLines({ 'A;B': 'x' })).toThrow(/Invalid environment variable name/);
    expect(() => envLines({ 'A=B': 'x' })).toThrow();
    expect(() => shQuote('a\0b')).toThrow(/NUL/);
  });
});
