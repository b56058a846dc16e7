import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from './externalLinks';

describe('isAllowedExternalLink', () => {
  it.each([
    ['https://kubernetes.io/docs/setup/', true],
    ['http://github.com/flannel-io/flannel', true],
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
