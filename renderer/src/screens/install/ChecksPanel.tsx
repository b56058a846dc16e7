import { useEffect, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useRunStore } from '../../state/runStore';
import { Progress } from '../../components/ui/Progress';
import { useChecksStore } from '../../state/checksStore';
import { supersededBy } from '../../state/superseded';
import { errorText, useToasts } from '../../state/toastStore';
import { PreflightResults } from './preflight/PreflightResults';
import { timeAgo } from './timeAgo';

/**
 * Preflight before an install and verification after it, from the checks store (so they survive
 * navigation, and a reload through the project's records). Every check's result is listed here
 * (preflight/), with its fix, in the user's language; the topology draws the pairwise ones
 * (checkLinks.ts). A result older than a later successful run is marked stale with its age.
 */
export function ChecksPanel({ disabled }: { disabled: boolean }): JSX.Element {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const checks = useChecksStore(
    useShallow((s) => ({
      run: s.run,
      fresh: s.fresh,
      verification: s.verification,
      showing: s.showing,
      busy: s.busy,
      show: s.show,
      loadLast: s.loadLast,
      runPreflight: s.runPreflight,
      verify: s.verify,
    })),
  );
  const runEnd = useRunStore(useShallow((s) => ({ outcome: s.outcome, finishedAt: s.finishedAt })));
  const { run: preflightRun, verification, busy, loadLast } = checks;

  // The project's last results, kept by the back end: they survive a reload or a restart, with
  // their time, and marked when an install would not reuse them.
  useEffect(() => {
    loadLast().catch(() => undefined);
  }, [loadLast]);

  const act = (action: () => Promise<void>): void => {
    action().catch((err: unknown) => push('error', errorText(err)));
  };
  const when = (iso: string): string => new Date(iso).toLocaleString(i18n.language);
  const shown = checks.showing === 'verification' ? verification : preflightRun;
  const overtaken = shown ? supersededBy(shown.checkedAt, runEnd) : undefined;

  return (
    <div className="checks-panel" data-testid="checks-panel">
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={disabled || busy !== undefined}
          onClick={() => act(checks.runPreflight)}
          data-testid="run-preflight"
        >
          {t('install.preflight')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled || busy !== undefined}
          onClick={() => act(checks.verify)}
          data-testid="run-verify"
        >
          {t('install.verify')}
        </button>
        <Progress
          active={busy !== undefined}
          label={t(busy === 'verify' ? 'install.verifying' : 'install.checking')}
          delayMs={0}
        />
      </div>
      {shown && overtaken && (
        <p className="hint pf-stale" role="status" data-testid="checks-superseded">
          {t('install.checksSuperseded', {
            age: timeAgo(shown.checkedAt, i18n.language),
            time: when(overtaken),
          })}{' '}
          <button
            type="button"
            className="btn"
            disabled={disabled || busy !== undefined}
            onClick={() =>
              act(checks.showing === 'verification' ? checks.verify : checks.runPreflight)
            }
            data-testid="checks-rerun"
          >
            {t('install.checksRerun')}
          </button>
        </p>
      )}
      {preflightRun && checks.showing === 'preflight' && (
        <div className={overtaken ? 'pf-superseded' : undefined}>
          {!overtaken && (
            <p className={checks.fresh ? 'hint' : 'hint pf-stale'} data-testid="preflight-age">
              {t('install.pf.checkedAt', { time: when(preflightRun.checkedAt) })}
              {!checks.fresh && ` ${t('install.pf.stale')}`}
            </p>
          )}
          <PreflightResults
            run={preflightRun}
            onRun={checks.show}
            disabled={disabled || busy !== undefined}
          />
        </div>
      )}
      {verification && checks.showing === 'verification' && (
        <p
          className={overtaken ? 'check-results pf-superseded' : 'check-results'}
          role="status"
          data-testid="verify-result"
        >
          {t('install.verified', {
            ready: verification.nodes.filter((n) => n.ready).length,
            total: verification.nodes.length,
            api: verification.apiServer.status,
          })}{' '}
          {t('install.verifiedAt', { age: timeAgo(verification.checkedAt, i18n.language) })}
        </p>
      )}
    </div>
  );
}
