// The etcd backup and restore write into and read from the project's own snapshots folder only:
// a request naming another folder (any face can call run.start) is refused before anything runs.
import { describe, expect, it } from 'vitest';
import type { RunHost } from '../engine/runnable';
import { backupEtcdOperation } from './etcd-backup';
import { restoreEtcdOperation } from './etcd-restore';

const host = (projectFile: string | undefined): RunHost => ({
  projectFile,
  remoteFor: () => {
    throw new Error('no machine in this test');
  },
  updatePlan: async () => {},
});
const target = { nodes: [], plan: {} };
const OWN = '/home/lab/clusters/kubelab.snapshots';
const FILE = '/home/lab/clusters/kubelab.yaml';
const SNAPSHOT = 'etcd-20261207T100000Z-rev1234.db';

describe('etcd operations keep to the project’s snapshots folder', () => {
  for (const [name, op, params] of [
    ['backup-etcd', backupEtcdOperation, {}],
    ['restore-etcd', restoreEtcdOperation, { file: SNAPSHOT }],
  ] as const) {
    const resolve = (folder: string, file: string | undefined): unknown => {
      const r = op.resolve;
      if (!r) throw new Error(`${name} resolves its folder`);
      return r(op.params.parse({ ...params, folder }) as never, target, host(file));
    };

    it(`${name}: the project's own folder passes (normalised)`, () => {
      expect(resolve(`${OWN}/../kubelab.snapshots/`, FILE)).toEqual({ ...params, folder: OWN });
    });

    it(`${name}: another folder is refused, naming params.folder and the project's`, () => {
      expect(() => resolve('/etc', FILE)).toThrow(
        expect.objectContaining({
          field: 'params.folder',
          message: expect.stringContaining(`must be the project's snapshots folder (${OWN})`),
        }),
      );
    });

    it(`${name}: an unsaved project has no folder`, () => {
      expect(() => resolve(OWN, undefined)).toThrow(
        expect.objectContaining({ code: 'project_not_saved', field: 'params.folder' }),
      );
    });
  }
});
