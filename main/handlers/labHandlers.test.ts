import { describe, expect, it } from 'vitest';
import { FileProjectStore } from '../store/projectStore';
import { createLabHandlers } from './labHandlers';

const ctx = { face: 'web' } as const;

describe('lab handlers', () => {
  it('answer not_configured without a lab service, and never touch the machine', async () => {
    const h = createLabHandlers(undefined, new FileProjectStore());
    expect(await h['lab.scenarios']({}, ctx)).toMatchObject({ available: false, scenarios: [] });
    expect(await h['lab.status']({}, ctx)).toMatchObject({ available: false, up: false });
    await expect(h['lab.up']({ scenario: 'guide' }, ctx)).rejects.toMatchObject({
      code: 'not_configured',
    });
    await expect(h['lab.down']({}, ctx)).rejects.toMatchObject({ code: 'not_configured' });
  });
});
