import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hop } from '../../../../../common/upgrade/schema';

/** `a → b`, or `b (unchanged)`: the one way every before/after is shown. */
function Change({ before, after }: { before: string; after: string }): JSX.Element {
  const { t } = useTranslation();
  if (before === after)
    return (
      <span>
        {after} <span className="hint">({t('upgrade.unchanged')})</span>
      </span>
    );
  return (
    <span>
      {before} → <strong>{after}</strong>
    </span>
  );
}

/** One hop of the upgrade plan: what changes, then each node's turn in order. */
export function HopCard({ hop, lang }: { hop: Hop; lang: 'en' | 'zh' }): JSX.Element {
  const { t } = useTranslation();
  return (
    <li className="upgrade-hop" data-testid="upgrade-hop" data-to={hop.to}>
      <h3>
        {t('upgrade.hop', { index: hop.index, from: hop.from, to: hop.to })}
        {!hop.verified && <span className="hint"> {t('upgrade.inferred')}</span>}
      </h3>
      <table className="upgrade-changes">
        <tbody>
          {hop.images.map((i) => (
            <tr key={i.component}>
              <th scope="row">{i.component}</th>
              <td>
                <Change before={i.before} after={i.after} />
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">etcd</th>
            <td>
              <Change before={hop.etcd.before} after={hop.etcd.after} />
            </td>
          </tr>
          <tr>
            <th scope="row">CoreDNS</th>
            <td>
              <Change before={hop.coredns.before} after={hop.coredns.after} />
            </td>
          </tr>
          <tr>
            <th scope="row">{t('upgrade.api')}</th>
            <td>
              <Change before={hop.kubeadmApi.before} after={hop.kubeadmApi.after} />
            </td>
          </tr>
          {hop.repositories.map((r) => (
            <tr key={r.family}>
              <th scope="row">{t('upgrade.repository', { family: r.family })}</th>
              <td>
                {r.url ?? t('upgrade.noRepository')}
                {r.url && !r.changes && <span className="hint"> ({t('upgrade.unchanged')})</span>}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">CNI ({hop.cni.plugin})</th>
            <td>
              <Change before={hop.cni.before ?? '?'} after={hop.cni.after ?? '?'} />
            </td>
          </tr>
        </tbody>
      </table>
      <ul className="upgrade-notes">
        {hop.runtime.map((s, i) => (
          <li key={`r${i}`} data-kind={s.kind} data-testid="upgrade-runtime">
            {s.kind === 'migrate' && <strong>{t('upgrade.migration')} </strong>}
            {s.text[lang]}
            {s.actions && (
              <ol data-testid="upgrade-migration-actions">
                {s.actions.map((a, j) => (
                  <li key={j}>{a[lang]}</li>
                ))}
              </ol>
            )}
            {s.downtime && (
              <p className="hint">
                {t('upgrade.downtime')}: {s.downtime[lang]}
              </p>
            )}
          </li>
        ))}
        {hop.notes.map((n, i) => (
          <li key={`n${i}`}>{n[lang]}</li>
        ))}
        {hop.warnings.map((w, i) => (
          <li key={`w${i}`} className="warn" role="note">
            {w[lang]}
          </li>
        ))}
      </ul>
      <h4>{t('upgrade.order')}</h4>
      <ol className="upgrade-order" data-testid="upgrade-order">
        {hop.nodes.map((n) => (
          <li key={n.nodeId} data-node={n.nodeId}>
            <strong>{n.name}</strong>{' '}
            <span className="hint">
              {n.batch === undefined
                ? t(`upgrade.role.${n.role}`)
                : t('upgrade.workerBatch', { batch: n.batch })}
            </span>
            {': '}
            {n.alreadyDone ? (
              t('upgrade.alreadyDone')
            ) : (
              <>
                {t('upgrade.drain')}, <code>{n.command}</code>, {t('upgrade.kubelet')}
              </>
            )}
          </li>
        ))}
      </ol>
    </li>
  );
}
