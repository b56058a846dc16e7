import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { Progress } from '../../components/ui/Progress';
import { buildTotals, type BuildProgress } from '../../state/bundleBuild';
import type { BuildStatus } from '../../state/bundleStore';
import { formatEta, formatSize, formatSpeed, fraction } from './bundleView';

/**
 * The build's progress from bundle.buildProgress: totals (artifacts, bytes, speed, ETA) over a
 * bar, then one row per artifact in the order the build took them, with the mirrors that failed.
 */
export function BuildProgressView({
  progress,
  status,
}: {
  progress: BuildProgress;
  status: BuildStatus;
}): JSX.Element | null {
  const { t } = useTranslation();
  const running = status === 'building' || status === 'cancelling';
  // Nothing to show before a build, nor after one refused before it began (an existing file):
  // "0 of 0 artifacts" under the refusal only looks like a broken build.
  if (!running && progress.order.length === 0 && progress.artifacts === 0) return null;
  const totals = buildTotals(progress);
  const summary = t('bundle.progress.totals', {
    finished: totals.finished,
    of: totals.of,
    bytes: formatSize(totals.bytes),
    expected: formatSize(totals.expectedBytes),
    speed: formatSpeed(totals.speed),
    eta: formatEta(totals.etaSeconds),
  });
  return (
    <section
      className="bundle-panel"
      aria-labelledby="bundle-progress-title"
      data-testid="bundle-progress"
    >
      <h3 id="bundle-progress-title">{t('bundle.progress.title')}</h3>
      <Progress
        active={running}
        delayMs={0}
        value={fraction(totals.bytes, totals.expectedBytes)}
        label={summary}
      />
      <p role="status" aria-live="polite" data-testid="bundle-totals">
        {summary}
      </p>
      {progress.skipped.length > 0 && (
        <ul className="hint" data-testid="bundle-skipped">
          {progress.skipped.map((s) => (
            <li key={s.id}>{t('bundle.progress.skipped', { id: s.id, reason: s.reason })}</li>
          ))}
        </ul>
      )}
      <table className="bundle-table" data-testid="bundle-artifact-rows">
        <thead>
          <tr>
            <th>{t('bundle.progress.artifact')}</th>
            <th>{t('bundle.progress.state')}</th>
            <th>{t('bundle.progress.bytes')}</th>
            <th>{t('bundle.progress.speed')}</th>
            <th>{t('bundle.progress.eta')}</th>
          </tr>
        </thead>
        <tbody>
          {progress.order.map((id) => {
            const a = progress.byId[id];
            if (!a) return null;
            return (
              <tr key={id} className={`bundle-phase-${a.phase}`}>
                <td>
                  <code>{id}</code>
                  {a.from && <div className="hint">{a.from}</div>}
                  {a.failures.map((f) => (
                    <div key={f.location} className="error-text">
                      {t('bundle.progress.failure', {
                        profile: f.profile,
                        location: f.location,
                        error: f.error,
                      })}
                    </div>
                  ))}
                </td>
                <td>{t(`bundle.phase.${a.phase}`)}</td>
                <td>
                  {a.phase === 'reused'
                    ? '–'
                    : a.total !== undefined
                      ? `${formatSize(a.bytes)} / ${formatSize(a.total)}`
                      : formatSize(a.bytes)}
                </td>
                <td>{a.phase === 'downloading' ? formatSpeed(a.speed) : '–'}</td>
                <td>{a.phase === 'downloading' ? formatEta(a.etaSeconds) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {progress.written && (
        <p role="status" data-testid="bundle-written">
          {t('bundle.progress.written', {
            path: progress.written.path,
            size: formatSize(progress.written.fileBytes),
            content: formatSize(progress.written.contentBytes),
          })}
        </p>
      )}
    </section>
  );
}
