import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { parseSha256sum, sftpSide } from './sftpSide';

const side = (user: string): ReturnType<typeof sftpSide> =>
  sftpSide({
    sftp: {} as unknown as SFTPWrapper,
    nodeId: 'n1',
    nodeName: 'node1',
    user,
    exec: () => Promise.reject(new Error('not used')),
    mapError: (_what, err) => err,
  });

describe('the node side of a transfer', () => {
  it('reads sha256sum’s "<hex>  <file>" line (GNU coreutils), nothing else', () => {
    // Output of `sha256sum /dev/null` (coreutils 9.1, Debian 12).
    expect(
      parseSha256sum(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  /dev/null\n',
      ),
    ).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(parseSha256sum('sha256sum: /x: No such file or directory\n')).toBeUndefined();
    expect(parseSha256sum('')).toBeUndefined();
  });

  it('root keeps the partial beside the file; another user in /var/tmp, one name per file', () => {
    expect(side('root').partialOf('/var/tmp/kubelab-restore.r1/snapshot.db')).toBe(
      '/var/tmp/kubelab-restore.r1/.snapshot.db.kubelab-part',
    );
    const kube = side('kube');
    const a = kube.partialOf('/var/tmp/kubelab-restore.r1/snapshot.db');
    expect(a).toMatch(/^\/var\/tmp\/\.kubelab-part-[0-9a-f]{16}$/);
    expect(kube.partialOf('/var/tmp/kubelab-restore.r1/snapshot.db')).toBe(a);
    expect(kube.partialOf('/var/tmp/kubelab-restore.r2/snapshot.db')).not.toBe(a);
    expect(side('ops').partialOf('/var/tmp/kubelab-restore.r1/snapshot.db')).not.toBe(a);
  });
});
