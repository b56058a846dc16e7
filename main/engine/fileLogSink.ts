import { appendFile, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromWholeLine, type LogSink, type LogTail } from './logSink';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Appends each step's log to <root>/runs/<runId>/<nodeId>/<stepId>.log (root: the user's data
 * dir). Names come from our own ids, but they are checked anyway so a crafted id cannot escape.
 * Appends to one file are chained so chunks land in order.
 */
export class FileLogSink implements LogSink {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly made = new Set<string>();

  constructor(private readonly root: string) {}

  pathOf(runId: string, nodeId: string, stepId: string): string {
    for (const part of [runId, nodeId, stepId]) {
      if (!SAFE.test(part)) throw new Error(`unsafe log path component "${part}"`);
    }
    return join(this.root, 'runs', runId, nodeId, `${stepId}.log`);
  }

  append(runId: string, nodeId: string, stepId: string, text: string): Promise<void> {
    const path = this.pathOf(runId, nodeId, stepId);
    const dir = join(this.root, 'runs', runId, nodeId);
    const prev = this.chains.get(path) ?? Promise.resolve();
    const next = prev.then(async () => {
      if (!this.made.has(dir)) {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        this.made.add(dir);
      }
      await appendFile(path, text, { mode: 0o600 });
    });
    // Keep the chain alive after a failure so later chunks still try to write.
    this.chains.set(
      path,
      next.catch(() => undefined),
    );
    return next;
  }

  async tail(
    runId: string,
    nodeId: string,
    stepId: string,
    maxBytes: number,
  ): Promise<LogTail | undefined> {
    const path = this.pathOf(runId, nodeId, stepId);
    // Appends still queued for this file land first, so the tail is never behind the events.
    await this.chains.get(path);
    let file;
    try {
      file = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const { size } = await file.stat();
      const length = Math.min(size, maxBytes);
      const buf = Buffer.alloc(length);
      await file.read(buf, 0, length, size - length);
      const truncated = size > maxBytes;
      return {
        text: truncated ? fromWholeLine(buf) : buf.toString('utf8'),
        totalBytes: size,
        truncated,
      };
    } finally {
      await file.close();
    }
  }

  async runIds(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, 'runs'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    // Run ids start with their UTC start time (resume.ts newRunId): newest first by name.
    return names
      .filter((n) => SAFE.test(n))
      .sort()
      .reverse();
  }
}
