import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { HaTopology } from '../../../../common/contracts/cluster';
import { etcdLeader, etcdQuorum, vipState } from './haLive';
import './haLive.css';

/** One reading of the live HA topology (HaLivePanel asks for it again every few seconds). */
export function HaLiveView({
  topology,
  error,
}: {
  topology: HaTopology;
  /** The last reading's failure, shown above the previous reading. */
  error?: string;
}): JSX.Element {
  const { t } = useTranslation();
  const vip = vipState(topology);
  const leader = etcdLeader(topology);
  const quorum = etcdQuorum(topology);
  return (
    <section className="ha-live" data-testid="ha-live" aria-live="polite">
      <header className="ha-live-head">
        <h3>{t('haLive.title')}</h3>
        <span>
          {t('haLive.endpoint')}: <code>{topology.endpoint}</code>
          {topology.loadBalancer && ` · ${t(`haLive.lb.${topology.loadBalancer}`)}`}
        </span>
        <span className="ha-live-time">
          {t('haLive.checkedAt', { time: new Date(topology.checkedAt).toLocaleTimeString() })}
        </span>
      </header>
      {error && <p className="ha-live-error">{error}</p>}
      <p
        className={`ha-live-vip vip-${vip.state}`}
        data-testid="ha-live-vip"
        data-holders={vip.holders.join(',')}
      >
        {t(`haLive.vip.${vip.state}`, { vip: topology.vip, holders: vip.holders.join(', ') })}
        {topology.leaseHolder && ` · ${t('haLive.lease', { holder: topology.leaseHolder })}`}
      </p>
      <table className="ha-live-table">
        <thead>
          <tr>
            <th>{t('haLive.controlPlane')}</th>
            <th>{t('haLive.vipColumn')}</th>
            <th>{t('haLive.livez')}</th>
          </tr>
        </thead>
        <tbody>
          {topology.controlPlanes.map((c) => (
            <tr key={c.nodeId} data-testid={`ha-live-cp-${c.nodeId}`} data-livez={c.livez}>
              <td>
                {c.name} <span className="ha-live-address">{c.address}</span>
              </td>
              <td>{c.holdsVip ? t('haLive.holds') : '—'}</td>
              <td className={`livez-${c.livez}`} title={c.livezDetail}>
                {c.reachable
                  ? t(`haLive.livezState.${c.livez}`)
                  : t('haLive.unreachable', { error: c.error ?? '' })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>
        {t('haLive.etcd', { answering: quorum.answering, members: quorum.members })}
        {quorum.members > 0 && !quorum.quorum && (
          <span className="ha-live-bad"> · {t('haLive.noQuorum')}</span>
        )}
      </h4>
      {topology.etcdError ? (
        <p className="ha-live-error">{t('haLive.etcdError', { error: topology.etcdError })}</p>
      ) : (
        <ul className="ha-live-members">
          {topology.etcdMembers.map((m) => (
            <li key={m.id} data-testid={`ha-live-member-${m.name}`} data-leader={m.leader}>
              <strong>{m.name || m.id}</strong> {m.clientUrl}{' '}
              {m.leader && <span className="ha-live-leader">{t('haLive.leader')}</span>}
              {!m.answered && <span className="ha-live-bad">{t('haLive.noAnswer')}</span>}
            </li>
          ))}
        </ul>
      )}
      {!leader && quorum.members > 0 && !topology.etcdError && (
        <p className="ha-live-bad">{t('haLive.noLeader')}</p>
      )}
    </section>
  );
}
