import type { FirewallState } from '../../common/diagnosis/evidence/portBlocked';
import type { Remote } from '../engine/remote';
import { readOnly } from './readOnly';

/** The INPUT chain as rules (iptables(8) -S); firewalld's zone (firewall-cmd(1)). */
export const IPTABLES_INPUT = 'iptables -S INPUT';
export const FIREWALLD_STATE =
  'firewall-cmd --state && firewall-cmd --list-ports && firewall-cmd --list-services';

/** Both firewalls' state on one node; a tool the node lacks just gives no text. */
export async function firewallState(
  node: string,
  remote: Remote,
  ms: number,
): Promise<FirewallState[]> {
  const [iptables, firewalld] = await Promise.all([
    readOnly(remote, `${IPTABLES_INPUT} 2>/dev/null`, ms),
    readOnly(remote, `{ ${FIREWALLD_STATE}; } 2>/dev/null`, ms),
  ]);
  return [
    { node, tool: 'iptables', source: IPTABLES_INPUT, text: iptables },
    { node, tool: 'firewalld', source: 'firewall-cmd --state/--list-ports', text: firewalld },
  ];
}
