import { describe, expect, it } from 'vitest';
import { FIXES } from './fixes';

describe('fix commands', () => {
  it('fetch the package lists before every apt-get install (a fresh machine has none)', () => {
    const installs = Object.entries(FIXES).flatMap(([id, def]) =>
      def.commands.filter((c) => c.includes('apt-get install')).map((c) => ({ id, c })),
    );
    expect(installs.map((i) => i.id).sort()).toEqual(['install-node-tools', 'time-sync']);
    for (const { c } of installs) expect(c).toMatch(/apt-get update && apt-get install -y /);
  });
});
