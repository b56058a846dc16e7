// Imported before ../install/helpers: this suite's own lab instance (TRUTH_LAB_INSTANCE, default
// 11) and its own CLI build directory, so it runs beside the install suites (instance 3) and
// another checkout's build in the shared node_modules is never the CLI under test.
import { join, resolve } from 'node:path';

process.env.KUBELAB_IT_LAB_INSTANCE = process.env.TRUTH_LAB_INSTANCE ?? '11';
process.env.KUBELAB_IT_OUT ??= join(
  resolve(import.meta.dirname, '..', '..', '..'),
  'out',
  'truth2-it',
);
