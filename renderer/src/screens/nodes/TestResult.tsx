import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTest } from '../../../../common/contracts/nodes';
import { StatusIcon } from '../../components/ui/StatusIcon';

const SUDO_OK = new Set(['root', 'nopasswd', 'password']);

/** The four things a connection test establishes, each with a tick or a cross. */
export function TestResult({
  result,
  compact,
}: {
  result: ConnectionTest;
  compact?: boolean;
}): JSX.Element {
  const { t } = useTranslation();
  const hostKeyOk = result.hostKey.state === 'pinned' || result.hostKey.state === 'accepted';
  const rows: [string, boolean | undefined, string][] = [
    [
      'reachable',
      result.reachable,
      result.latencyMs !== undefined ? `${Math.round(result.latencyMs)} ms` : '',
    ],
    ['auth', result.authOk, ''],
    [
      'hostKey',
      result.hostKey.state === 'not_checked' ? undefined : hostKeyOk,
      t(`nodes.hostKeyState.${result.hostKey.state}`),
    ],
    [
      'sudo',
      result.sudo === 'not_checked' ? undefined : SUDO_OK.has(result.sudo),
      t(`nodes.sudo.${result.sudo}`),
    ],
  ];
  return (
    <div
      className={compact ? 'test-result compact' : 'test-result'}
      data-testid={`test-result-${result.nodeId}`}
    >
      {rows.map(([name, ok, detail]) => (
        <span key={name} className="test-item" title={detail || undefined}>
          <StatusIcon status={ok === undefined ? 'pending' : ok ? 'ok' : 'failed'} />
          {t(`nodes.check.${name}`)}
          {!compact && detail && <span className="hint"> · {detail}</span>}
        </span>
      ))}
      {!compact && result.error && (
        <p role="alert" className="error-text">
          {result.error.message}
        </p>
      )}
    </div>
  );
}
