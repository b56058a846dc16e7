import { describe, expect, it } from 'vitest';
import { NodeSpecSchema } from '../../../../common/model/node';
import { fieldProblems } from './fieldErrors';

describe('fieldProblems', () => {
  it('maps the shared schema issues onto fields with translatable keys', () => {
    const problems = fieldProblems(NodeSpecSchema, {
      id: 'Node_1',
      name: '',
      address: '10.0.0.1',
      port: 70000,
      user: 'root',
      auth: 'key',
      role: 'worker',
    });
    expect(problems.id?.key).toBe('validation.fields.id');
    expect(problems.id?.fallback).toContain('DNS label');
    expect(problems.name?.key).toBe('validation.required');
    expect(problems.port).toMatchObject({ key: 'validation.tooBig', values: { max: 65535 } });
    expect(problems.address).toBeUndefined();
  });

  it('is empty for a valid value', () => {
    expect(
      fieldProblems(NodeSpecSchema, {
        id: 'node1',
        name: 'node1',
        address: '10.0.0.1',
        port: 22,
        user: 'root',
        auth: 'agent',
        role: 'control-plane',
      }),
    ).toEqual({});
  });
});
