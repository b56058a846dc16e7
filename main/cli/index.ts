import { InvalidArgumentError } from 'commander';
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`kubelab: ${message}\n`);
    process.exit(err instanceof InvalidArgumentError ? 2 : 1);
  });
