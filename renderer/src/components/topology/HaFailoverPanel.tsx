import { useCallback, useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailoverTest } from '../../../../common/plan/ha/failover';
import { kubelab } from '../../bridge/kubelab';
import { errorText } from '../../state/toastStore';
import { failoverLine, testEnded } from './haFailover';
import { HA_LIVE_REFRESH_MS } from './haLive';

/**
 * kubelab's failover test from the live HA panel (issue 19): one confirmation that says what it
 * does, then the ha-failover-test operation through run.start (its cells fill the board like any
 * run), and the recorded result once the run has ended (`cluster.haFailoverLast`).
 */
export function HaFailoverPanel(): JSX.Element {
  const { t } = useTranslation();
  const [last, setLast] = useState<FailoverTest | null>();
  const [confirming, setConfirming] = useState(false);
  const [runId, setRunId] = useState<string>();
  const [error, setError] = useState<string>();

  const read = useCallback(async (): Promise<FailoverTest | null> => {
    const next = await kubelab.cluster.haFailoverLast({});
    setLast(next);
    return next;
  }, []);

  useEffect(() => {
    void read().catch((err: unknown) => setError(errorText(err)));
  }, [read]);

  // While a test runs, its result is read again until the run is recorded as ended.
  useEffect(() => {
    if (!runId) return;
    const timer = setInterval(() => {
      void read()
        .then((next) => testEnded(next, runId) && setRunId(undefined))
        .catch((err: unknown) => setError(errorText(err)));
    }, HA_LIVE_REFRESH_MS / 2);
    return () => clearInterval(timer);
  }, [runId, read]);

  const start = async (): Promise<void> => {
    setConfirming(false);
    setError(undefined);
    try {
      const started = await kubelab.run.start({
        operation: 'ha-failover-test',
        params: {},
        fresh: true,
      });
      setRunId(started.runId);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const line = last ? failoverLine(last) : undefined;
  return (
    <div className="ha-failover" data-testid="ha-failover">
      {confirming ? (
        <p className="ha-failover-confirm">
          {t('haFailover.confirm')}{' '}
          <button type="button" data-testid="ha-failover-run" onClick={() => void start()}>
            {t('haFailover.run')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('haFailover.cancel')}
          </button>
        </p>
      ) : (
        <button
          type="button"
          data-testid="ha-failover-test"
          disabled={runId !== undefined}
          onClick={() => setConfirming(true)}
        >
          {runId ? t('haFailover.running') : t('haFailover.test')}
        </button>
      )}
      {error && <p className="ha-live-error">{error}</p>}
      <p
        className="ha-failover-result"
        data-testid="ha-failover-result"
        data-outcome={last?.outcome ?? 'none'}
        data-new-holder={last?.newHolder ?? ''}
      >
        {!last || !line
          ? t('haFailover.none')
          : [
              t('haFailover.last', {
                outcome: t(`haFailover.outcome.${last.outcome}`),
                time: new Date(last.at).toLocaleString(),
              }),
              t(line.key, line.values),
              ...line.more.map((k) => t(k, { seconds: line.apiSeconds ?? '?' })),
            ].join(t('haFailover.join'))}
        {line?.error && ` — ${line.error}`}
      </p>
    </div>
  );
}
