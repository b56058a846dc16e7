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
});
