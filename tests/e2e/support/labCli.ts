import { spawnSync } from 'node:child_process';

/**
 * `lab.sh` bound to one lab instance, for the specs that bring up the practice lab themselves.
 * LAB_SUBNET, LAB_STATE and LAB_BRIDGE are cleared so a value left in the caller's environment
 * (another instance's) cannot point this one at someone else's bridge or state folder.
 */
export function labCli(instance: string): (...args: string[]) => string {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LAB_INSTANCE: instance,
    LAB_SUBNET: '',
    LAB_STATE: '',
    LAB_BRIDGE: '',
  };
  return (...args) => {
    const r = spawnSync('bash', ['tests/lab/lab.sh', ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`lab.sh ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    }
    return r.stdout;
  };
}
