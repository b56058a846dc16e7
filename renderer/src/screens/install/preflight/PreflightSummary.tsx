import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupedResults } from './groups';

/** One line, counted as `kubelab preflight` counts: blocking, warnings, passed, not checked. */
export function PreflightSummary({
  grouped,
  durationMs,
}: {
  grouped: GroupedResults;
  durationMs: number;
}): JSX.Element {
  const { t } = useTranslation();
  const { block, warn, pass, unknown } = grouped.counts;
  return (
    <p
      className={`pf-summary ${block > 0 ? 'pf-summary-blocked' : 'pf-summary-ok'}`}
      data-testid="preflight-summary"
      data-block={block}
      data-warn={warn}
      data-pass={pass}
      data-unknown={unknown}
    >
      <strong>{block > 0 ? t('install.pf.blocked') : t('install.preflightOk')}</strong>{' '}
      <span>
        {t('install.pf.counts', { block, warn, pass, unknown })}
        {grouped.doneByInstall > 0 &&
          ` ${t('install.pf.doneByInstall', { count: grouped.doneByInstall })}`}
      </span>{' '}
      <span className="hint">
        {t('install.pf.took', { seconds: (durationMs / 1000).toFixed(1) })}
      </span>
    </p>
  );
}
