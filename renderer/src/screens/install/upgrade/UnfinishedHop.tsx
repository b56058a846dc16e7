import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnfinishedHop as Unfinished } from '../../../../../common/upgrade/hopProgress';

/**
 * The last hop run when it did not finish (upgrade.plan's `unfinished`): which node is on which
 * version and where its turn stopped (a node unreachable at its turn) — what `kubelab upgrade
 * --dry-run` prints above the plan. The next Upgrade run resumes it.
 */
export function UnfinishedHop({ hop }: { hop: Unfinished }): JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="upgrade-unfinished" role="status" data-testid="upgrade-unfinished">
      <p>
        {t('upgrade.unfinished', {
          from: hop.from,
          hop: hop.hop,
          runId: hop.runId,
          outcome: hop.outcome,
        })}
      </p>
      <table>
        <tbody>
          {hop.nodes.map((n) => (
            <tr key={n.nodeId} data-testid={`upgrade-unfinished-${n.nodeId}`}>
              <td>
                <code>{n.nodeId}</code>
              </td>
              <td>{n.version}</td>
              <td>
                {t(`upgrade.nodeStatus.${n.status}`)}
                {n.stepId && n.status !== 'drain-skipped' ? ` (${n.stepId})` : ''}
                {n.message ? `: ${n.message}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
