import { InvalidArgumentError } from 'commander';
import { AppError } from '../../common/model/appError';
import { buildProgram } from './program';

/** Refusals of what the user gave (exit status 2, as `kubelab apply --help` documents). */
const INVALID_INPUT = new Set([
  'invalid_plan',
  // A contract request refused by its schema: the message names the field.
  'invalid_payload',
  'invalid_project_file',
  'invalid_node',
  'invalid_export',
  'export_dir_not_empty',
]);

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`kubelab: ${message}\n`);
    const invalid =
      err instanceof InvalidArgumentError ||
      (err instanceof AppError && INVALID_INPUT.has(err.code));
    process.exit(invalid ? 2 : 1);
  });
