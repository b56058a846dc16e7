/**
 * Test kit: a backend for fuzzing the web host. Every handler records the calls that reach it.
 * Calls that would act on the world (the lab, an install, SSH, a shell, files on disk) go to a
 * stub that only records; the rest (pure functions and the in-memory project) run for real, so
 * a crash inside them on odd input is found too.
 */
import { requestNames, type RequestName } from '../../../common/contract';
import { DEFAULT_SETTINGS } from '../../../common/model/settings';
import type { Handlers } from '../../api/handlers';
import { createBackend, type Backend } from '../../backend';

/** Methods with an effect outside this process: never run for real here. */
export const SIDE_EFFECTS: ReadonlySet<RequestName> = new Set<RequestName>([
  'nodes.test',
  'nodes.facts',
  'nodes.setSecret',
  'nodes.clearSecret',
  'nodes.secretStatus',
  'terminal.open',
  'terminal.write',
  'terminal.resize',
  'terminal.ack',
  'terminal.close',
  'terminal.localAvailable',
  'run.start',
  'install.cancel',
  'install.retry',
  'install.skip',
  'project.open',
  'project.save',
  'diagnosis.applyFix',
  'preflight.run',
  'preflight.fix',
  'verify.run',
  'report.export',
  'report.reveal',
  'lab.up',
  'lab.down',
  // Downloads from mirrors and writes a bundle file.
  'bundle.build',
]);

export interface RecordingBackend extends Backend {
  /** Calls that reached a handler, by method, in order. */
  calls: Map<RequestName, unknown[]>;
}

export function recordingBackend(): RecordingBackend {
  const real = createBackend({
    face: 'web',
    settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
  });
  const calls = new Map<RequestName, unknown[]>();
  const handlers: Record<string, (payload: unknown, ctx: unknown) => Promise<unknown>> = {};
  for (const name of requestNames) {
    const realHandler = real.handlers[name] as (payload: unknown, ctx: unknown) => Promise<unknown>;
    handlers[name] = async (payload, ctx) => {
      calls.set(name, [...(calls.get(name) ?? []), payload]);
      return SIDE_EFFECTS.has(name) ? { recorded: true } : realHandler(payload, ctx);
    };
  }
  return { ...real, handlers: handlers as unknown as Handlers, calls };
}
