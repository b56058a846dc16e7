import { describe, expect, it } from 'vitest';
import { LAB_TOOLS as DEMO_TOOLS } from '../../scripts/demo/prerequisites.mjs';
import { LAB_TOOLS, labUnavailableReason, missingLabPackages } from './labTools';

describe('practice lab prerequisites', () => {
  it('are the same list in the app and in npm run demo', () => {
    expect(DEMO_TOOLS).toEqual(LAB_TOOLS);
  });

  it('name each missing package once, with nothing on PATH', () => {
    const missing = missingLabPackages('/nonexistent');
    // sbin directories are always searched, so only non-sbin tools can be reported here.
    expect(new Set(missing).size).toBe(missing.length);
    expect(missing.every((p) => Object.values(LAB_TOOLS).includes(p))).toBe(true);
  });

  it('explain Linux-and-root first, then a missing source tree, then packages', () => {
    const base = { platform: 'linux' as const, uid: 0, labDirFound: true, missingPackages: [] };
    expect(labUnavailableReason(base)).toBeUndefined();
    expect(labUnavailableReason({ ...base, uid: 1000 })).toMatch(/Linux and root.*without root/);
    expect(labUnavailableReason({ ...base, platform: 'win32' })).toMatch(/this is win32/);
    expect(labUnavailableReason({ ...base, labDirFound: false })).toMatch(/source tree/);
    expect(labUnavailableReason({ ...base, missingPackages: ['iptables'] })).toMatch(
      /apt-get install -y iptables$/,
    );
  });
});
