import { describe, expect, it } from 'vitest';
import type { PreflightRun } from '../../common/contracts/preflight';
import type { NodeSpec } from '../../common/model/node';
import { isFresh, preflightInputsDigest } from './freshness';

const node = (id: string, address: string): NodeSpec =>
  ({ id, name: id, address, port: 22, user: 'root', auth: 'key', role: 'worker' }) as NodeSpec;
const plan = { kubernetesVersion: '1.30.2', podCidr: '10.244.0.0/16' };
const at = Date.parse('2026-12-06T20:00:00.000Z');
const run = (checkedAt: string, inputsDigest?: string): PreflightRun =>
  ({ checkedAt, inputsDigest }) as PreflightRun;

describe('preflight freshness', () => {
  const digest = preflightInputsDigest([node('n1', '10.0.0.1')], plan);

  it('digests the nodes and the plan, not the order of their keys', () => {
    const reordered = { podCidr: '10.244.0.0/16', kubernetesVersion: '1.30.2' };
    expect(preflightInputsDigest([node('n1', '10.0.0.1')], reordered)).toBe(digest);
    expect(preflightInputsDigest([node('n1', '10.0.0.2')], plan)).not.toBe(digest);
    expect(
      preflightInputsDigest([node('n1', '10.0.0.1')], { ...plan, podCidr: '10.10.0.0/16' }),
    ).not.toBe(digest);
  });

  it('holds for ten minutes over the same inputs, and never without a digest', () => {
    expect(isFresh(run('2026-12-06T19:51:00.000Z', digest), digest, at)).toBe(true);
    expect(isFresh(run('2026-12-06T19:49:59.000Z', digest), digest, at)).toBe(false);
    expect(isFresh(run('2026-12-06T19:59:00.000Z', 'other'), digest, at)).toBe(false);
    expect(isFresh(run('2026-12-06T19:59:00.000Z'), digest, at)).toBe(false);
    expect(isFresh(undefined, digest, at)).toBe(false);
  });
});
