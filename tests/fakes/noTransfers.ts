import type { Remote } from '../../main/engine/remote';

/**
 * For a hand-written Remote in a test whose code never streams a file: spread it in, and a call
 * fails the test loudly instead of passing by accident.
 */
export const noTransfers: Pick<Remote, 'downloadFile' | 'uploadFile'> = {
  downloadFile: (remotePath) => Promise.reject(new Error(`unexpected downloadFile ${remotePath}`)),
  uploadFile: (_local, remotePath) =>
    Promise.reject(new Error(`unexpected uploadFile ${remotePath}`)),
};
