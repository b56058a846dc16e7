import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreflightRun } from '../../../../common/contracts/preflight';
import type { Verification } from '../../../../common/model/verification';
import { kubelab } from '../../bridge/kubelab';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import type { TopologyLink } from '../../components/topology/types';
import { matricesToLinks } from './checks';
import { PreflightResults } from './preflight/PreflightResults';
import { useChecksStore } from '../../state/checksStore';

/**
 * Preflight before an install and verification after it. Their pairwise results become the
 * topology's edges (through `onLinks`); every check's result is listed here (preflight/), with
 * its fix, in the user's language.
 */
export function ChecksPanel({
  onLinks,
  disabled,
}: {
  onLinks(links: TopologyLink[]): void;
  disabled: boolean;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const [busy, setBusy] = useState<'preflight' | 'verify' | undefined>();
  const preflightRun = useChecksStore((s) => s.run);
  const fresh = useChecksStore((s) => s.fresh);
  const show = useChecksStore((s) => s.show);
  const loadLast = useChecksStore((s) => s.loadLast);
  const [verification, setVerification] = useState<Verification | undefined>();
  const [hidden, setHidden] = useState(false);

  // The project's last run, kept by the back end: results survive a reload or a restart, with
  // their time, and marked when an install would not reuse them.
  useEffect(() => {
    loadLast().catch(() => undefined);
  }, [loadLast]);
  // Whatever run is on screen (kept, new, a fix's re-check, Install's) draws its edges.
  useEffect(() => {
    if (preflightRun) {
      setHidden(false);
      setVerification(undefined);
      onLinks(matricesToLinks(preflightRun.matrices));
    }
  }, [preflightRun, onLinks]);

  const preflight = async (): Promise<void> => {
    setBusy('preflight');
    try {
      const run = await kubelab.preflight.run({ matrix: true });
      showRun(run);
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(undefined);
    }
  };
  const showRun = (run: PreflightRun): void => show(run);
  // "Verify the cluster" from the success banner: the same verification as the button here.
  const verifyAsked = useChecksStore((s) => s.verifyAsked);
  const [verifiedFor, setVerifiedFor] = useState(0);
  useEffect(() => {
    if (verifyAsked > verifiedFor && busy === undefined) {
      setVerifiedFor(verifyAsked);
      void verify();
    }
  });
  const verify = async (): Promise<void> => {
    setBusy('verify');
    try {
      const v = await kubelab.verify.run({ pods: true });
      setVerification(v);
      setHidden(true);
      onLinks(matricesToLinks(v.matrices));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="checks-panel" data-testid="checks-panel">
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={disabled || busy !== undefined}
          onClick={() => void preflight()}
          data-testid="run-preflight"
        >
          {t('install.preflight')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled || busy !== undefined}
          onClick={() => void verify()}
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
      {preflightRun && !hidden && (
        <p className={fresh ? 'hint' : 'hint pf-stale'} data-testid="preflight-age">
          {t('install.pf.checkedAt', {
            time: new Date(preflightRun.checkedAt).toLocaleString(i18n.language),
          })}
          {!fresh && ` ${t('install.pf.stale')}`}
        </p>
      )}
      {preflightRun && !hidden && (
        <PreflightResults
          run={preflightRun}
          onRun={showRun}
          disabled={disabled || busy !== undefined}
        />
      )}
      {verification && (
        <p className="check-results" role="status">
          {t('install.verified', {
            ready: verification.nodes.filter((n) => n.ready).length,
            total: verification.nodes.length,
            api: verification.apiServer.status,
          })}
        </p>
      )}
    </div>
  );
}
