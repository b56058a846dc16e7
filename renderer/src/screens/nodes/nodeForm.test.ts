import { describe, expect, it } from 'vitest';
import { emptyDraft, inputFromDraft, nodeProblems } from './nodeForm';

describe('node form', () => {
  it('names each bad field with the contract schema', () => {
    const problems = nodeProblems({ ...emptyDraft(), name: '', address: 'x', port: 0 });
    expect(problems.name?.key).toBe('validation.required');
    expect(problems.port?.key).toBe('validation.tooSmall');
    expect(problems.address).toBeUndefined();
  });

  it('never puts the password into the node payload', () => {
    const input = inputFromDraft({
      ...emptyDraft(),
      name: 'n1',
      address: '10.0.0.1',
      password: 'hunter2',
    });
    expect(JSON.stringify(input)).not.toContain('hunter2');
    expect(nodeProblems({ ...emptyDraft(), name: 'n1', address: '10.0.0.1' })).toEqual({});
  });
});
