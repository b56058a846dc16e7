import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import { TokenCreateSchema } from '../../common/tokens/model';
import { FakeRemote } from '../../tests/fakes/fakeRemote';
import { createToken, deleteToken, joinCommand, listTokens } from './tokensService';

const node = (id: string, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: `${id}-name`,
  address: '10.0.0.1',
  port: 22,
  user: 'root',
  auth: 'key',
  role,
  labels: {},
});
const NODES = [node('w', 'worker'), node('cp', 'control-plane')];
const SECRET = 'ejrsfqm26jpcshz2';
const HASH = 'a'.repeat(64);

/** kubeadm's table (published 1.25 layout) and the join pieces, as tokens.sh prints them. */
const LIST = `TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION                                                EXTRA GROUPS
4iwa6j.${SECRET}   23h         2023-11-14T08:25:28Z   authentication,signing   <none>                                                     system:bootstrappers:kubeadm:default-node-token
`;

function fake(): FakeRemote {
  return new FakeRemote('cp', {
    rules: [
      {
        match: (_c, env) => env.KL_ACTION === 'list',
        reply: { stdout: `${LIST}@@KL:exit 0\n` },
      },
      {
        match: (_c, env) => env.KL_ACTION === 'create',
        reply: {
          stdout: `kubeadm join 10.0.0.1:6443 --token q1w2e3.r4t5y6u7i8o9p0a1 --discovery-token-ca-cert-hash sha256:${HASH} \n@@KL:exit 0\n`,
        },
      },
      {
        match: (_c, env) => env.KL_ACTION === 'delete' && env.KL_ID === 'nope00',
        reply: { stdout: 'bootstrap token "nope00" not found\n@@KL:exit 1\n' },
      },
      {
        match: (_c, env) => env.KL_ACTION === 'delete',
        reply: { stdout: 'bootstrap token "4iwa6j" deleted\n@@KL:exit 0\n' },
      },
      {
        match: (_c, env) => env.KL_ACTION === 'join' && env.KL_ID === '4iwa6j',
        reply: {
          stdout: `@@KL:token 4iwa6j.${SECRET}\n@@KL:server 10.0.0.1:6443\n@@KL:hash ${HASH}\n@@KL:exit 0\n`,
        },
      },
      {
        match: (_c, env) => env.KL_ACTION === 'join',
        reply: { stdout: `@@KL:server 10.0.0.1:6443\n@@KL:hash ${HASH}\n@@KL:exit 0\n` },
      },
    ],
  });
}

describe('bootstrap tokens through kubeadm on the first control plane', () => {
  it('lists tokens without their secret, from the control plane', async () => {
    const r = fake();
    const list = await listTokens({ nodes: NODES, remote: () => r });
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(list).toEqual({
      nodeId: 'cp',
      nodeName: 'cp-name',
      tokens: [
        {
          id: '4iwa6j',
          ttl: '23h',
          expiresAt: '2023-11-14T08:25:28.000Z',
          usages: ['authentication', 'signing'],
          description: '',
          groups: ['system:bootstrappers:kubeadm:default-node-token'],
        },
      ],
    });
    expect(r.calls.every((c) => c.nodeId === 'cp')).toBe(true);
  });

  it('creates through env only (no token on a command line) and returns the join command', async () => {
    const r = fake();
    const out = await createToken(
      { nodes: NODES, remote: () => r },
      { ttl: '2h', description: 'rack 3' },
    );
    expect(out).toEqual({
      id: 'q1w2e3',
      command: `kubeadm join 10.0.0.1:6443 --token q1w2e3.r4t5y6u7i8o9p0a1 --discovery-token-ca-cert-hash sha256:${HASH}`,
    });
    expect(r.calls[0]?.env).toEqual({
      KL_ACTION: 'create',
      KL_TTL: '2h',
      KL_DESCRIPTION: 'rack 3',
    });
    expect(r.calls[0]?.command).not.toContain('rack 3');
  });

  it('builds the join command of an existing token; an unknown id is named', async () => {
    const r = fake();
    const deps = { nodes: NODES, remote: () => r };
    expect((await joinCommand(deps, '4iwa6j')).command).toBe(
      `kubeadm join 10.0.0.1:6443 --token 4iwa6j.${SECRET} --discovery-token-ca-cert-hash sha256:${HASH}`,
    );
    await expect(joinCommand(deps, 'zzzzzz')).rejects.toMatchObject({ field: 'id' });
  });

  it('deletes by id; kubeadm’s refusal is the error', async () => {
    const r = fake();
    const deps = { nodes: NODES, remote: () => r };
    expect(await deleteToken(deps, '4iwa6j')).toEqual({ id: '4iwa6j' });
    await expect(deleteToken(deps, 'nope00')).rejects.toThrow(
      /exit 1\): bootstrap token "nope00" not found/,
    );
  });

  it('refuses a bad TTL or a multi-line description, naming the field', () => {
    expect(TokenCreateSchema.safeParse({ ttl: '2 days' }).error?.issues[0]?.path).toEqual(['ttl']);
    expect(TokenCreateSchema.safeParse({ ttl: '' }).success).toBe(false);
    expect(TokenCreateSchema.safeParse({ description: 'a\nb' }).error?.issues[0]?.path).toEqual([
      'description',
    ]);
    expect(TokenCreateSchema.parse({})).toEqual({ ttl: '24h', description: '' });
    expect(TokenCreateSchema.parse({ ttl: '1h30m' }).ttl).toBe('1h30m');
  });

  it('a project without a control plane is refused', async () => {
    await expect(
      listTokens({ nodes: [node('w', 'worker')], remote: () => fake() }),
    ).rejects.toMatchObject({
      field: 'nodes',
    });
  });
});
