import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLogSink } from './fileLogSink';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('FileLogSink', () => {
  it('appends in order under runs/<run>/<node>/<step>.log', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-logs-'));
    const sink = new FileLogSink(dir);
    await Promise.all([
      sink.append('r1', 'master1', 'kubeadm-init', 'a\n'),
      sink.append('r1', 'master1', 'kubeadm-init', 'b\n'),
    ]);
    const text = await readFile(join(dir, 'runs', 'r1', 'master1', 'kubeadm-init.log'), 'utf8');
    expect(text).toBe('a\nb\n');
  });

  it('refuses path components that could escape the root', () => {
    const sink = new FileLogSink('/tmp/x');
    expect(() => sink.pathOf('r1', '../etc', 's')).toThrow(/unsafe/);
  });

  it('reads a log back: whole, or its end from a whole line, and says which', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-logs-'));
    const sink = new FileLogSink(dir);
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} 日志\n`).join('');
    await sink.append('r1', 'master1', 'kubeadm-init', lines);
    const whole = await sink.tail('r1', 'master1', 'kubeadm-init', 1 << 20);
    expect(whole).toEqual({ text: lines, totalBytes: Buffer.byteLength(lines), truncated: false });
    const end = await sink.tail('r1', 'master1', 'kubeadm-init', 1024);
    expect(end?.truncated).toBe(true);
    expect(end?.totalBytes).toBe(Buffer.byteLength(lines));
    expect(Buffer.byteLength(end?.text ?? '')).toBeLessThanOrEqual(1024);
    expect(end?.text.startsWith('line ')).toBe(true);
    expect(end?.text.endsWith('line 199 日志\n')).toBe(true);
    expect(await sink.tail('r1', 'master1', 'join-node', 1024)).toBeUndefined();
    expect(await sink.tail('r2', 'master1', 'kubeadm-init', 1024)).toBeUndefined();
  });

  it('lists its runs newest first, and none before the first run', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-logs-'));
    const sink = new FileLogSink(dir);
    expect(await sink.runIds()).toEqual([]);
    await sink.append('r20261206-101010-aaaaaa', 'n1', 's', 'x\n');
    await sink.append('r20261206-121212-bbbbbb', 'n1', 's', 'y\n');
    expect(await sink.runIds()).toEqual(['r20261206-121212-bbbbbb', 'r20261206-101010-aaaaaa']);
  });

  it('refuses to read through a crafted id', async () => {
    const sink = new FileLogSink('/tmp/x');
    await expect(sink.tail('..', 'n1', 's', 1024)).rejects.toThrow(/unsafe/);
  });
});
