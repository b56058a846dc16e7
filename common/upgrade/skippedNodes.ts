import { NOTICE_PREFIX } from '../model/stepNotice';

/**
 * The words of upgrade-drain's notice for a node it left on its version (`drainBlocked: skip`,
 * main/steps/scripts/upgrade-drain.sh): `[kubelab] notice: upgrade skipped: <node> stays on …`.
 */
const SKIPPED = `${NOTICE_PREFIX}upgrade skipped: `;

/** The node names a run's drain lines say were skipped, once each, in the order they came. */
export function skippedNodesOf(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    const at = line.indexOf(SKIPPED);
    if (at < 0) continue;
    const name = line.slice(at + SKIPPED.length).split(' ')[0];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}
