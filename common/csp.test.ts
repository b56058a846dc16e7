import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy();
  const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d] as const));

  it('denies by default and allows scripts only from the app itself', () => {
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain('unsafe-inline');
  });

  it('blocks plugins, framing and foreign form targets', () => {
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('form-action')).toBe("form-action 'none'");
  });

  it('lets no style fetch anything outside the app: every fetch directive is self, data: or none', () => {
    const fetching = ['default-src', 'style-src', 'img-src', 'font-src', 'connect-src'];
    for (const name of fetching) {
      const sources = (directives.get(name) ?? '').split(' ').slice(1);
      expect(sources.length, name).toBeGreaterThan(0);
      for (const src of sources) {
        const allowed = ["'self'", "'none'", 'data:'];
        if (name === 'style-src') allowed.push("'unsafe-inline'");
        expect(allowed, `${name} ${src}`).toContain(src);
      }
    }
    expect(directives.get('style-src')).not.toContain('http');
    expect(csp).not.toMatch(/(^|[ ;])\*|https?:|blob:/);
  });
});
