import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { shortResidual } from '../../../../common/certs/certificateList';
import type { CertificateEntry, CertificateList } from '../../../../common/certs/model';
import { kubelab } from '../../bridge/kubelab';
import { Progress } from '../../components/ui/Progress';
import { errorText } from '../../state/toastStore';

function residual(e: CertificateEntry): string {
  if (e.residualSeconds === undefined) return '–';
  return e.residualPrinted ?? shortResidual(e.residualSeconds);
}

/**
 * Every certificate of the cluster, soonest expiry first, as `certs.list` reads them on the nodes
 * (kubeadm's table on the control planes, the kubelet's client and serving certificates on every
 * node). Read on demand: it logs in to every node.
 */
export function CertificatesPanel(): JSX.Element {
  const { t } = useTranslation();
  const [list, setList] = useState<CertificateList | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const check = (): void => {
    setBusy(true);
    kubelab.certs
      .list({})
      .then((l) => {
        setList(l);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  const count = (s: CertificateEntry['status']): number =>
    list?.entries.filter((e) => e.status === s).length ?? 0;

  return (
    <section className="certs-panel" aria-labelledby="certs-title" data-testid="certs-panel">
      <div className="area-head">
        <h2 id="certs-title">{t('certs.title')}</h2>
        <div className="toolbar">
          <Progress active={busy} label={t('certs.reading')} />
          <button
            type="button"
            className="btn"
            onClick={check}
            disabled={busy}
            data-testid="certs-check"
          >
            {list ? t('certs.refresh') : t('certs.check')}
          </button>
        </div>
      </div>
      <p className="hint">{t('certs.intro', { days: list?.warnDays ?? 30 })}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {list && (
        <>
          <p data-testid="certs-summary">
            {t('certs.summary', {
              total: list.entries.length,
              expired: count('expired'),
              warn: count('warn'),
              days: list.warnDays,
              missing: count('missing'),
            })}
          </p>
          <table className="certs-table">
            <thead>
              <tr>
                <th>{t('certs.node')}</th>
                <th>{t('certs.name')}</th>
                <th>{t('certs.source')}</th>
                <th>{t('certs.expires')}</th>
                <th>{t('certs.residual')}</th>
                <th>{t('certs.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.entries.map((e) => (
                <tr
                  key={`${e.nodeId}/${e.source}/${e.name}`}
                  className={`cert-${e.status}`}
                  data-testid="cert-row"
                >
                  <td>{e.nodeName}</td>
                  <td>
                    {e.name}
                    {e.authority ? ` (${t('certs.ca')})` : ''}
                  </td>
                  <td>{t(`certs.sources.${e.source}`)}</td>
                  <td>{e.expiresAt ? `${e.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : '–'}</td>
                  <td>{residual(e)}</td>
                  <td>
                    <span className={`cert-status cert-status-${e.status}`}>
                      {t(`certs.statuses.${e.status}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.errors.map((e) => (
            <p key={e.nodeId} role="alert" className="error-text">
              {t('certs.notRead', { node: e.nodeName, message: e.message })}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
