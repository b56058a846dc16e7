import { randomBytes } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import { mapCommandFailure, sshError } from './errors';
import { execCommand, type ExecContext } from './exec';
import type { Lease } from './pool';
import type { DownloadOptions, TransferResult, UploadOptions } from '../engine/remote';
import type { FileSide } from './transfer/fileSide';
import { localSide } from './transfer/localSide';
import { limiterOf } from './transfer/rateLimiter';
import { sftpSide } from './transfer/sftpSide';
import { transferFile } from './transfer/transferFile';

/**
 * File transfer over SFTP. SFTP runs as the login user, so for a non-root user a file bound for
 * a root-owned path goes to a private temp file first and is moved into place with sudo
 * (`install` sets the mode and root ownership in one go). Root writes a temp file beside the
 * target and renames it, so readers never see half a file.
 */
function openSftp(lease: Lease): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    lease.client.sftp((err, sftp) => {
      if (err)
        reject(
          sshError(
            'connection_lost',
            lease.nodeId,
            `SFTP is not available on ${lease.spec.name}: ${err.message}`,
          ),
        );
      else resolve(sftp);
    });
  });
}

function mapSftpError(lease: Lease, what: string, err: Error & { code?: number | string }): Error {
  if (err.code === 4 && /space/i.test(err.message))
    return sshError('disk_full', lease.nodeId, `${what} failed: the disk is full.`);
  return sshError(
    'command_failed',
    lease.nodeId,
    `${what} on ${lease.spec.name} failed: ${err.message}`,
  );
}

async function withSftp<T>(lease: Lease, fn: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
  return lease.withChannel(async () => {
    const sftp = await openSftp(lease);
    try {
      return await fn(sftp);
    } finally {
      sftp.end();
    }
  });
}

const write = (sftp: SFTPWrapper, path: string, data: Buffer, mode: number): Promise<void> =>
  new Promise((resolve, reject) =>
    sftp.writeFile(path, data, { mode }, (err) => (err ? reject(err) : resolve())),
  );
const rename = (sftp: SFTPWrapper, from: string, to: string): Promise<void> =>
  new Promise((resolve, reject) =>
    sftp.ext_openssh_rename(from, to, (err) => (err ? reject(err) : resolve())),
  );
const chmod = (sftp: SFTPWrapper, path: string, mode: number): Promise<void> =>
  new Promise((resolve, reject) =>
    sftp.chmod(path, mode, (err) => (err ? reject(err) : resolve())),
  );
const read = (sftp: SFTPWrapper, path: string): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    sftp.readFile(path, (err, data) => (err ? reject(err) : resolve(data))),
  );

export async function uploadFile(
  lease: Lease,
  ctx: ExecContext,
  path: string,
  content: Buffer,
  mode = 0o644,
): Promise<void> {
  const what = `Upload of ${path}`;
  const tmpName = `.kubelab-upload-${randomBytes(8).toString('hex')}`;
  if (lease.spec.user === 'root') {
    const tmp = `${path.replace(/[^/]*$/, '')}${tmpName}`;
    await withSftp(lease, async (sftp) => {
      try {
        await write(sftp, tmp, content, 0o600);
        await chmod(sftp, tmp, mode);
        await rename(sftp, tmp, path);
      } catch (err) {
        throw mapSftpError(lease, what, err as Error);
      }
    });
    return;
  }
  const tmp = `/tmp/${tmpName}`;
  await withSftp(lease, (sftp) =>
    write(sftp, tmp, content, 0o600).catch((err: Error) =>
      Promise.reject(mapSftpError(lease, what, err)),
    ),
  );
  const res = await execCommand(
    lease,
    ctx,
    'install -m "$KL_MODE" -- "$KL_TMP" "$KL_PATH"; rc=$?; rm -f -- "$KL_TMP"; exit $rc',
    {
      root: true,
      env: { KL_MODE: mode.toString(8), KL_TMP: tmp, KL_PATH: path },
    },
  );
  if (res.code !== 0) throw mapCommandFailure(lease.nodeId, what, res.code, res.stderr);
}

export async function downloadFile(lease: Lease, ctx: ExecContext, path: string): Promise<Buffer> {
  const what = `Download of ${path}`;
  let denied: Error | undefined;
  const data = await withSftp(lease, (sftp) =>
    read(sftp, path).catch((err: Error & { code?: number }) => {
      // SSH_FX_PERMISSION_DENIED: a root-only file; a non-root user reads it through sudo below.
      if (err.code === 3 && lease.spec.user !== 'root') {
        denied = err;
        return undefined;
      }
      return Promise.reject(mapSftpError(lease, what, err));
    }),
  );
  if (data) return data;
  const res = await execCommand(lease, ctx, 'base64 -w0 -- "$KL_PATH"', {
    root: true,
    env: { KL_PATH: path },
  });
  if (res.code !== 0)
    throw mapCommandFailure(
      lease.nodeId,
      `${what} (${denied?.message ?? 'sudo'})`,
      res.code,
      res.stderr,
    );
  return Buffer.from(res.stdout, 'base64');
}

/** The node's side of a streaming transfer over one SFTP session of the lease. */
function nodeSide(lease: Lease, ctx: ExecContext, sftp: SFTPWrapper): FileSide {
  return sftpSide({
    sftp,
    nodeId: lease.nodeId,
    nodeName: lease.spec.name,
    user: lease.spec.user,
    exec: (command, options) => execCommand(lease, ctx, command, options),
    mapError: (what, err) => mapSftpError(lease, what, err),
  });
}

/**
 * Streams a node's file to a local path (main/ssh/transfer/transferFile.ts: resumable, SHA-256
 * checked on both ends, renamed only when they match). No sudo fallback for reading: the caller
 * makes the file readable by the login user first (an etcd snapshot is up to 2 GiB).
 */
export function downloadStreaming(
  lease: Lease,
  ctx: ExecContext,
  remotePath: string,
  localPath: string,
  o: DownloadOptions = {},
): Promise<TransferResult> {
  return withSftp(lease, (sftp) =>
    transferFile(nodeSide(lease, ctx, sftp), remotePath, localSide, localPath, {
      onProgress: o.onProgress,
      signal: o.signal,
      resumeFrom: o.resumeFrom,
      mode: 0o600,
    }),
  );
}

/** Streams a local file to a node, under a bandwidth cap if given; the node checks the sum. */
export function uploadStreaming(
  lease: Lease,
  ctx: ExecContext,
  localPath: string,
  remotePath: string,
  o: UploadOptions = {},
): Promise<TransferResult> {
  return withSftp(lease, (sftp) =>
    transferFile(localSide, localPath, nodeSide(lease, ctx, sftp), remotePath, {
      onProgress: o.onProgress,
      signal: o.signal,
      resume: o.resume,
      limiter: limiterOf(o.bandwidthLimit),
      mode: o.mode,
      sourceSha256: o.localSha256,
    }),
  );
}
