import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import { acquireRunLock, lockPathFor, tookOverNote, type LockHolder } from './runLock';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-lock-'));
  dirs.push(dir);
  return join(dir, 'kubelab.yaml');
}

/** The pid of a process that has exited (and been reaped): nothing runs under it now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const holder = (over: Partial<LockHolder>): LockHolder => ({
  pid: process.pid,
  hostname: hostname(),
  face: 'cli',
  command: 'apply',
  kind: 'install',
  startedAt: '2026-12-06T19:50:00.000Z',
  token: 'feedfacefeedface',
  ...over,
});

describe('the run lock beside the project', () => {
  it('records who holds it and refuses a second run, naming the holder', () => {
    const file = project();
    const lock = acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' });
    const saved = JSON.parse(readFileSync(lockPathFor(file), 'utf8')) as LockHolder;
    expect(saved).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      face: 'cli',
      command: 'apply',
      kind: 'install',
    });
    lock.setRunId('r-123');
    expect(JSON.parse(readFileSync(lockPathFor(file), 'utf8'))).toMatchObject({ runId: 'r-123' });
    const err = refusal(() =>
      acquireRunLock(file, { face: 'web', command: 'serve', kind: 'reset' }),
    );
    expect(err.code).toBe('run_in_progress');
    expect(err.message).toMatch(
      new RegExp(
        `^kubelab apply \\(pid ${process.pid}, started \\d\\d:\\d\\d\\) is running an install on this project; wait for it to finish or stop it \\(lock .*kubelab\\.yaml\\.lock\\)$`,
      ),
    );
    lock.release();
    expect(existsSync(lockPathFor(file))).toBe(false);
    lock.release(); // twice is harmless
    const web = acquireRunLock(file, { face: 'web', command: 'serve', kind: 'reset' });
    expect(
      refusal(() => acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' }))
        .message,
    ).toMatch(/^kubelab serve \(the web app\) \(pid \d+, started \d\d:\d\d\) is running a reset/);
    web.release();
  });

  it('takes over a lock whose holder died on this host, and says so', () => {
    const file = project();
    const pid = deadPid();
    writeFileSync(lockPathFor(file), JSON.stringify(holder({ pid })));
    const lock = acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' });
    expect(lock.tookOver?.pid).toBe(pid);
    expect(tookOverNote(lock)).toMatch(
      new RegExp(`^kubelab: took over the run lock of kubelab apply \\(pid ${pid}, started`),
    );
    expect(JSON.parse(readFileSync(lockPathFor(file), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a holder on another host (it cannot be checked), naming the host', () => {
    const file = project();
    writeFileSync(lockPathFor(file), JSON.stringify(holder({ pid: deadPid(), hostname: 'h2' })));
    const err = refusal(() =>
      acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' }),
    );
    expect(err.message).toMatch(/^kubelab apply \(pid \d+ on h2, started/);
  });

  it('release leaves a lock that is no longer its own', () => {
    const file = project();
    const lock = acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' });
    writeFileSync(lockPathFor(file), JSON.stringify(holder({ token: 'another' })));
    lock.release();
    expect(existsSync(lockPathFor(file))).toBe(true);
  });
});
