import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, redactText } from './redact';

const TOKEN = 'abcdef.0123456789abcdef';
const CERT_KEY = 'e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204';
const PEM = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
-----END OPENSSH PRIVATE KEY-----`;

describe('report redaction', () => {
  it('removes bootstrap tokens, also glued to other text', () => {
    expect(redactText(`kubeadm join 1.2.3.4:6443 --token ${TOKEN} --x`)).toBe(
      `kubeadm join 1.2.3.4:6443 --token ${REDACTED} --x`,
    );
    expect(redactText(`token=${TOKEN}`)).not.toContain(TOKEN);
    expect(redactText(`x${TOKEN}y`)).not.toContain('0123456789abcdef');
  });

  it('removes certificate keys: any 64-hex run, and shorter hex after the flag', () => {
    expect(redactText(`key ${CERT_KEY} end`)).toBe(`key ${REDACTED} end`);
    expect(redactText('--certificate-key 0123456789abcdef0123')).toBe(
      `--certificate-key ${REDACTED}`,
    );
  });

  it('removes PEM private keys as a block, also when cut off', () => {
    expect(redactText(`before\n${PEM}\nafter`)).toBe(`before\n${REDACTED}\nafter`);
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIEow')).toBe(REDACTED);
  });

  it('removes password and passphrase values in the usual spellings', () => {
    for (const text of [
      'password: hunter2',
      'Password=hunter2',
      '"passphrase": "hunter2"',
      '--password hunter2',
      '--passphrase=hunter2',
      'sshpass -p hunter2 ssh root@x',
      '密码：hunter2',
    ]) {
      expect(redactText(text), text).not.toContain('hunter2');
    }
  });

  it('removes known secret values verbatim, longest first', () => {
    const r = new Redactor(['S3cret!', 'S3cret!-longer', 'ab']);
    expect(r.text('a S3cret!-longer b S3cret! c ab')).toBe(`a ${REDACTED} b ${REDACTED} c ab`);
  });

  it('leaves ordinary report text alone', () => {
    const text =
      'registry.cn-hangzhou.aliyuncs.com/google_containers kubernetes.default.svc.k8stest.local 10.10.0.0/16 kubeadm token create --print-join-command';
    expect(redactText(text)).toBe(text);
  });

  it('redacts every string of a nested value and keeps its shape', () => {
    const out = new Redactor().deep({ a: [TOKEN, 1, { b: `x ${CERT_KEY}` }], c: null });
    expect(out).toEqual({ a: [REDACTED, 1, { b: `x ${REDACTED}` }], c: null });
  });
});
