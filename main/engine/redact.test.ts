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

  it('hides the key kubeadm init --upload-certs prints on its own line, and a KL_OUT line', () => {
    const hex = '18a7584876002e49e1f42c351582c0a455d061db25376170068731d9aa210f58';
    const out = redact(
      `[upload-certs] Using certificate key:\n${hex}\n[mark-control-plane] Marking\nKL_OUT certificateKey=${hex}\n`,
    );
    expect(out).not.toContain(hex);
    expect(out).toBe(
      `[upload-certs] Using certificate key:\n${REDACTED}\n[mark-control-plane] Marking\nKL_OUT certificateKey=${REDACTED}\n`,
    );
    // A CA hash keeps its value: it is not a secret and the log names it.
    expect(redact(`sha256:${hex}`)).toBe(`sha256:${hex}`);
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
