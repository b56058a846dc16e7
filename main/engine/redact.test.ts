import { describe, expect, it } from 'vitest';
import { LineRedactor, REDACTED, redact, redactEnv } from './redact';

const token = 'abcdef.0123456789abcdef';
const key = 'a'.repeat(64);

describe('redact', () => {
  it('hides bootstrap tokens and certificate keys', () => {
    const line = `kubeadm join 10.0.0.1:6443 --token ${token} --control-plane --certificate-key ${key}`;
    const out = redact(line);
    expect(out).not.toContain(token);
    expect(out).not.toContain(key);
    expect(out).toContain(`--token ${REDACTED}`);
    expect(out).toContain(`--certificate-key ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('image registry.k8s.io/pause:3.9 pulled')).toBe(
      'image registry.k8s.io/pause:3.9 pulled',
    );
  });

  it('redacts env values', () => {
    expect(redactEnv({ JOIN: `--token ${token}` })).toEqual({ JOIN: `--token ${REDACTED}` });
  });
});

describe('LineRedactor', () => {
  it('redacts a token split across chunks', () => {
    const r = new LineRedactor();
    const out = [r.push('token: abcdef.0123'), r.push('456789abcdef\nnext'), r.flush()].join('');
    expect(out).toBe(`token: ${REDACTED}\nnext`);
  });

  it('counts the bytes it holds back', () => {
    const r = new LineRedactor();
    r.push('line\npartial');
    expect(r.pendingBytes).toBe(7);
  });
});
