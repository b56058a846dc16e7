/**
 * bench/transfer-memory: Remote.uploadFile and Remote.downloadFile of a 1 GiB file over a real
 * sshd on 127.0.0.1 (a non-root login with sudo: the upload's partial in /var/tmp, moved into
 * place with sudo `install`), sampling this process's RSS every 50 ms. The streaming transfer
 * keeps 64 × 32 KiB in flight, so the peak stays near the baseline whatever the file's size;
 * for contrast the old whole-file Remote.download of the same file. Run as root:
 *   npx jiti bench/transfer-memory.ts          (prints a Markdown section for bench/RESULTS.md)
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../common/model/node';
import { SshPool } from '../main/ssh/pool';
import { SshRemote } from '../main/ssh/sshRemote';
import { MemorySecretStore, nodeSecretKey } from '../main/store/secrets';
import {
  authorize,
  createUser,
  keygen,
  removeUser,
  Sshd,
} from '../tests/integration/ssh/sshdFixture';

const SIZE = Number(process.env.BENCH_TRANSFER_MIB ?? '1024') * 1024 * 1024;
const MIB = 1024 * 1024;

async function writeRandomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(MIB);
  for (let done = 0; done < size; done += MIB) {
    for (let i = 0; i < block.length; i += 4)
      block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/** Runs `fn` sampling RSS; answers wall seconds and the peak RSS above the start, in MiB. */
async function measured(fn: () => Promise<unknown>): Promise<{ s: number; peakMiB: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { s, peakMiB: (peak - base) / MIB };
}

async function main(): Promise<void> {
  const user = createUser();
  const sshd = new Sshd([user.name]);
  const key = join(sshd.dir, 'id_ed25519');
  authorize(user, [keygen(key, 'ed25519')]);
  await sshd.start();
  const local = join(sshd.dir, 'big.bin');
  const back = join(sshd.dir, 'back.bin');
  const target = `/var/tmp/kubelab-transfer-bench-${user.name}.bin`;
  await writeRandomFile(local, SIZE);
  const spec: NodeSpec = {
    id: 'n1',
    name: 'n1',
    address: '127.0.0.1',
    port: sshd.port,
    user: user.name,
    auth: 'key',
    keyPath: key,
    role: 'worker',
    labels: {},
    hostKey: { algorithm: 'ssh-ed25519', fingerprint: sshd.hostFingerprint() },
  };
  const secrets = new MemorySecretStore();
  await secrets.set(nodeSecretKey(spec.id, 'password'), user.password);
  const pool = new SshPool({
    lookup: async () => spec,
    secrets,
    trust: { askUnknown: async () => false, pin: async () => undefined },
    idleMs: 60_000,
  });
  const remote = new SshRemote(spec.id, pool, { secrets });
  const rows: string[] = [];
  try {
    await remote.exec('true');
    const up = await measured(() => remote.uploadFile(local, target, { mode: 0o644 }));
    rows.push(
      `| uploadFile (streaming) | ${up.s.toFixed(1)} | ${(SIZE / MIB / up.s).toFixed(0)} | ${up.peakMiB.toFixed(0)} |`,
    );
    const down = await measured(() => remote.downloadFile(target, back));
    rows.push(
      `| downloadFile (streaming) | ${down.s.toFixed(1)} | ${(SIZE / MIB / down.s).toFixed(0)} | ${down.peakMiB.toFixed(0)} |`,
    );
    rmSync(back, { force: true });
    const old = await measured(async () => {
      const data = await remote.download(target);
      if (data.length !== SIZE) throw new Error(`old download got ${data.length} bytes`);
    });
    rows.push(
      `| download (old, whole file in memory) | ${old.s.toFixed(1)} | ${(SIZE / MIB / old.s).toFixed(0)} | ${old.peakMiB.toFixed(0)} |`,
    );
  } finally {
    pool.closeAll();
    execFileSync('rm', ['-f', target]);
    await sshd.stop();
    sshd.remove();
    removeUser(user);
  }
  process.stdout.write(
    [
      `## transfer-memory — ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}, loopback sshd`,
      '',
      `One ${SIZE / MIB} MiB file; wall time includes the SHA-256 on both ends. Peak RSS above the start, sampled every 50 ms.`,
      '',
      '| transfer | s | MiB/s | peak RSS MiB |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main();
