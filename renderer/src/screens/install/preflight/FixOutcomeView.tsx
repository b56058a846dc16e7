import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixOutcome } from '../../../../../common/contracts/preflight';
import { CheckItem } from './CheckItem';
import { resultKey } from './groups';

/** After a fix: whether the check passes now (its re-run), then what each command did. */
export function FixOutcomeView({
  outcome,
  names,
}: {
  outcome: FixOutcome;
  names(ids: readonly string[]): string;
}): JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="pf-outcome" data-testid="fix-outcome" data-fixed={outcome.fixed}>
      <p role="status" className={outcome.fixed ? 'ok-text' : 'error-text'}>
        <strong>
          {outcome.fixed
            ? t('install.pf.fixed', { nodes: names(outcome.ranOn) })
            : t('install.pf.notFixed', { nodes: names(outcome.ranOn) })}
        </strong>
      </p>
      <h4>{t('install.pf.recheck')}</h4>
      <ul className="pf-list" data-testid="fix-recheck">
        {outcome.recheck.map((r) => (
          <CheckItem key={resultKey(r)} result={r} names={names} />
        ))}
      </ul>
      <details className="pf-ran">
        <summary>{t('install.pf.ran', { count: outcome.commands.length })}</summary>
        <ul className="pf-list">
          {outcome.commands.map((c, i) => (
            <li key={i} className="pf-ran-command" data-exit={c.exitCode}>
              <div className="hint">
                {t('install.pf.exit', { node: names([c.nodeId]), code: c.exitCode })}
              </div>
              <pre className="pf-commands">{c.command}</pre>
              {c.output.trim() && <pre className="pf-evidence">{c.output.trim()}</pre>}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
