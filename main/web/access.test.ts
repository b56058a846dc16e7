import { describe, expect, it } from 'vitest';
import { allowedHosts, isLoopback, readCookie, tokenMatches } from './access';
import { resolveStaticPath } from './staticFiles';

describe('web host access rules', () => {
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
  });

  it('knows loopback names', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
  });

  it('accepts the loopback aliases as Host on a loopback bind only', () => {
    expect(allowedHosts('127.0.0.1', 8080)).toEqual(
      new Set(['127.0.0.1:8080', 'localhost:8080', '[::1]:8080']),
    );
    expect(allowedHosts('192.168.1.5', 80)).toEqual(new Set(['192.168.1.5:80']));
    expect(allowedHosts('fe80::1', 80)).toEqual(new Set(['[fe80::1]:80']));
  });

  it('reads a cookie by name', () => {
    expect(readCookie('a=1; kubelab_token=xyz; b=2', 'kubelab_token')).toBe('xyz');
    expect(readCookie('a=1', 'kubelab_token')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });

  it('never resolves a static path outside the root', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveStaticPath('/srv/app', '/a%00b')).toBeUndefined();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeUndefined();
  });
});
