import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { KubeadmPlanSummary } from '../../../../../common/contracts/upgrade';
import type { Disagreement } from '../../../../../common/upgrade/compareWithKubeadm';

interface Props {
  kubeadm: KubeadmPlanSummary;
  disagreements: readonly Disagreement[];
  lang: 'en' | 'zh';
}

/** kubeadm's own `upgrade plan` from the first control plane, and where it differs from kubelab's. */
export function KubeadmComparison({ kubeadm, disagreements, lang }: Props): JSX.Element {
  const { t } = useTranslation();
  return (
    <section className="upgrade-kubeadm" data-testid="upgrade-kubeadm">
      <h3>
        {t('upgrade.kubeadm.title', {
          node: kubeadm.nodeId,
          cluster: kubeadm.clusterVersion ?? '?',
          kubeadm: kubeadm.kubeadmVersion ?? '?',
        })}
      </h3>
      <ul>
        {kubeadm.upgrades.map((u) => (
          <li key={u.description}>
            {u.description}
            {u.applyVersion && ` — ${t('upgrade.kubeadm.apply', { version: u.applyVersion })}`}
          </li>
        ))}
      </ul>
      {disagreements.length === 0 ? (
        <p data-testid="upgrade-kubeadm-agree">{t('upgrade.kubeadm.agree')}</p>
      ) : (
        <>
          <p>{t('upgrade.kubeadm.disagree')}</p>
          <ul className="upgrade-disagreements" data-testid="upgrade-kubeadm-disagreements">
            {disagreements.map((d) => (
              <li key={d.subject}>{d.text[lang]}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
