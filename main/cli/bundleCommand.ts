import { join } from 'node:path';
import type { Command } from 'commander';
import type { Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { MemorySecretStore } from '../store/secrets';
import { formatInspection } from './bundleFormat';
import { reportCliError } from './cliContext';
import { processIo, type CliIo } from './progressRun';

/**
 * `kubelab bundle inspect FILE`: the same bundle.inspect request as the UI, with no project
 * (a bundle is checked wherever it was carried). Exit 0 when every entry verifies, 1 when one
 * does not, 2 when FILE is not a bundle.
 */
export async function runBundleInspect(
  path: string,
  io: CliIo = processIo(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const { handlers } = createBackend({
      face: 'cli',
      settingsStore: new JsonSettingsStore(join(configDir(env), 'settings.json')),
      nodes: { secrets: new MemorySecretStore() },
    });
    const answer = await dispatch(handlers, 'bundle.inspect', { path }, { face: 'cli' });
    if (!answer.ok) throw new AppError(answer.error);
    const inspection = answer.value as Result<'bundle.inspect'>;
    io.out(formatInspection(path, inspection));
    return inspection.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_bundle') {
      io.err(`kubelab bundle inspect: ${err.message}\n`);
      return 2;
    }
    return reportCliError(err, 'bundle inspect', io);
  }
}

export function registerBundle(program: Command): void {
  const bundle = program
    .command('bundle')
    .description('the air-gapped bundle: everything the plan needs, in one file');
  bundle
    .command('inspect')
    .description('list a bundle and verify every entry’s SHA-256 against its manifest')
    .argument('<file>', 'the bundle (.tar)')
    .action(async (file: string) => {
      process.exitCode = await runBundleInspect(file);
    });
}
