/**
 * A step script's notice: `kl_log "notice: …"` (main/steps/scripts/lib.sh), printed when a step
 * changes the machine in a way the user did not ask for by name, e.g. a failed `kubeadm init`
 * cleaned with `kubeadm reset -f` before it runs again. The CLI prints notices without
 * `--verbose` and the install screen shows them above the step's log.
 */
export const NOTICE_PREFIX = '[kubelab] notice: ';

export function isNotice(line: string): boolean {
  return line.startsWith(NOTICE_PREFIX);
}
