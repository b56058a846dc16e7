import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from './externalLinks';

describe('isAllowedExternalLink', () => {
  it.each([
    ['https://kubernetes.io/docs/setup/', true],
    ['https://github.com/flannel-io/flannel', true],
    ['http://github.com/flannel-io/flannel', false],
    ['http://kubernetes.io/docs/setup/', false],
    ['https://user:pw@github.com/', false],
    ['https://github.com:8443/', false],
    ['https://evil.example.com/', false],
    ['https://kubernetes.io.evil.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://kubernetes.io/share', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalLink(url)).toBe(allowed);
  });
});
