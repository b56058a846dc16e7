import { describe, expect, it } from 'vitest';
import { etcdQuorum, QUORUM_RISK_CONSEQUENCE, quorumRisk } from './quorum';

describe('etcdQuorum', () => {
  it('is a majority: floor(n/2)+1 (etcd FAQ failure tolerance table)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(etcdQuorum)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });
});

describe('quorumRisk', () => {
  it('three answering members: removing any one keeps quorum', () => {
    expect(quorumRisk({ members: 3, healthy: 3, targetHealthy: true })).toBeUndefined();
  });

  it('three members, the dead one removed: the two left are a majority', () => {
    expect(quorumRisk({ members: 3, healthy: 2, targetHealthy: false })).toBeUndefined();
  });

  it('three members, one other dead: removing a live one leaves one of two answering', () => {
    expect(quorumRisk({ members: 3, healthy: 2, targetHealthy: true })).toBe('lost-after');
  });

  it('five members, two others dead: removing a live one leaves two of four', () => {
    expect(quorumRisk({ members: 5, healthy: 3, targetHealthy: true })).toBe('lost-after');
    expect(quorumRisk({ members: 5, healthy: 4, targetHealthy: true })).toBeUndefined();
  });

  it('two members: the documented unsafe case, or no quorum at all when one is dead', () => {
    expect(quorumRisk({ members: 2, healthy: 2, targetHealthy: true })).toBe('two-members');
    expect(quorumRisk({ members: 2, healthy: 1, targetHealthy: false })).toBe('no-quorum-now');
  });

  it('three members with two dead: nothing can be committed', () => {
    expect(quorumRisk({ members: 3, healthy: 1, targetHealthy: true })).toBe('no-quorum-now');
  });

  it('every risk names its consequence in English and Chinese', () => {
    for (const text of Object.values(QUORUM_RISK_CONSEQUENCE)) {
      expect(text.en).toMatch(/quorum/);
      expect(text.zh).toMatch(/法定人数/);
    }
  });
});
