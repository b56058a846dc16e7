import { createHash } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import { AppError } from '../../../common/model/appError';
import type { ExecOptions, ExecResult } from '../../engine/remote';
import type { FileSide, OpenFile } from './fileSide';

/** SFTP status SSH_FX_NO_SUCH_FILE (draft-ietf-secsh-filexfer-02 §7). */
const NO_SUCH_FILE = 2;

type SftpError = Error & { code?: number | string };

export interface SftpSideDeps {
  sftp: SFTPWrapper;
  nodeId: string;
  nodeName: string;
  /** The login user: root renames beside the file, anyone else moves it into place with sudo. */
  user: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** The SSH layer's error for a failed SFTP request (disk full named as such). */
  mapError(what: string, err: SftpError): Error;
}

/** A request that answers only success or failure. */
const done = (fn: (cb: (err: Error | undefined | null) => void) => void): Promise<undefined> =>
  new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve(undefined))));

const call = <T>(fn: (cb: (err: Error | undefined | null, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

/** `sha256sum FILE` prints "<64 hex>  FILE" (GNU coreutils manual, "sha2 utilities"). */
export function parseSha256sum(stdout: string): string | undefined {
  return /^([0-9a-f]{64})\s/.exec(stdout)?.[1];
}

/**
 * A node's files over one SFTP session. The partial of a root-owned target: beside it for root
 * (renamed with OpenSSH's posix-rename, atomic and replacing), in /var/tmp for anyone else (SFTP
 * runs as the login user), then `install`ed into place with sudo, mode and root ownership at once.
 */
export function sftpSide(d: SftpSideDeps): FileSide {
  const { sftp } = d;
  const root = d.user === 'root';
  return {
    where: d.nodeName,
    nodeId: d.nodeId,
    async size(path) {
      try {
        return (await call<{ size: number }>((cb) => sftp.stat(path, cb))).size;
      } catch (err) {
        if ((err as SftpError).code === NO_SUCH_FILE) return undefined;
        throw d.mapError(`Reading the size of ${path}`, err as SftpError);
      }
    },
    async open(path, how): Promise<OpenFile> {
      const flags = how === 'read' ? 'r' : how === 'create' ? 'w' : 'r+';
      const handle = await call<Buffer>((cb) => sftp.open(path, flags, { mode: 0o600 }, cb)).catch(
        (err: SftpError) => Promise.reject(d.mapError(`Opening ${path}`, err)),
      );
      return {
        read: (buffer, length, position) =>
          new Promise((resolve, reject) =>
            sftp.read(handle, buffer, 0, length, position, (err, bytesRead) => {
              // ssh2 reports the end of the file as an error with SSH_FX_EOF (1).
              if (err && (err as SftpError).code === 1) resolve(0);
              else if (err) reject(d.mapError(`Reading ${path}`, err));
              else resolve(bytesRead);
            }),
          ),
        write: (buffer, position) =>
          done((cb) => sftp.write(handle, buffer, 0, buffer.length, position, cb)).catch(
            (err: SftpError) => Promise.reject(d.mapError(`Writing ${path}`, err)),
          ),
        close: () => done((cb) => sftp.close(handle, cb)),
      };
    },
    async sha256(path, signal) {
      // As the login user: SFTP read or wrote the file as that user, so it can read it.
      const res = await d.exec('sha256sum -- "$KL_PATH"', {
        env: { KL_PATH: path },
        signal,
        timeoutMs: 15 * 60_000,
      });
      const sum = parseSha256sum(res.stdout);
      if (res.code !== 0 || !sum)
        throw new AppError({
          code: 'command_failed',
          nodeId: d.nodeId,
          message: `sha256sum of ${path} on ${d.nodeName} failed (exit ${res.code}): ${res.stderr.slice(-400)}`,
        });
      return sum;
    },
    async commit(partial, final, mode) {
      if (root) {
        await done((cb) => sftp.chmod(partial, mode, cb))
          .then(() => done((cb) => sftp.ext_openssh_rename(partial, final, cb)))
          .catch((err: SftpError) => Promise.reject(d.mapError(`Moving ${final} into place`, err)));
        return;
      }
      const res = await d.exec(
        'install -m "$KL_MODE" -- "$KL_TMP" "$KL_PATH"; rc=$?; [ $rc -ne 0 ] || rm -f -- "$KL_TMP"; exit $rc',
        { root: true, env: { KL_MODE: mode.toString(8), KL_TMP: partial, KL_PATH: final } },
      );
      if (res.code !== 0)
        throw new AppError({
          code: 'command_failed',
          nodeId: d.nodeId,
          message: `Moving ${final} into place on ${d.nodeName} failed (exit ${res.code}): ${res.stderr.slice(-400)}`,
        });
    },
    async remove(path) {
      await done((cb) => sftp.unlink(path, cb)).catch((err: SftpError) =>
        err.code === NO_SUCH_FILE ? undefined : Promise.reject(d.mapError(`Removing ${path}`, err)),
      );
    },
    partialOf(final) {
      if (root) return final.replace(/([^/]*)$/, '.$1.kubelab-part');
      const key = createHash('sha256').update(`${d.user}:${final}`).digest('hex').slice(0, 16);
      return `/var/tmp/.kubelab-part-${key}`;
    },
  };
}
