import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckResult } from '../../../../common/model/preflight';
import type { Verification } from '../../../../common/model/verification';
import { kubelab } from '../../bridge/kubelab';
import { Progress } from '../../components/ui/Progress';
import { StatusIcon } from '../../components/ui/StatusIcon';
import { errorText, useToasts } from '../../components/ui/toastStore';
import type { TopologyLink } from '../../components/topology/types';
import { matricesToLinks } from './checks';

/**
 * Preflight before an install and verification after it. Their pairwise results become the
 * topology's edges (through `onLinks`); what failed is listed here in the user's language.
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
  const [problems, setProblems] = useState<CheckResult[] | undefined>();
  const [verification, setVerification] = useState<Verification | undefined>();
  const zh = i18n.language === 'zh-CN';

  const preflight = async (): Promise<void> => {
    setBusy('preflight');
    try {
      const run = await kubelab.preflight.run({ matrix: true });
      setProblems(run.report.results.filter((r) => r.status === 'fail'));
      setVerification(undefined);
      onLinks(matricesToLinks(run.matrices));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(undefined);
    }
  };
  const verify = async (): Promise<void> => {
    setBusy('verify');
    try {
      const v = await kubelab.verify.run({ pods: true });
      setVerification(v);
      setProblems(undefined);
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
      {problems && (
        <div className="check-results" role="status">
          {problems.length === 0 ? (
            <p className="ok-text">{t('install.preflightOk')}</p>
          ) : (
            <ul>
              {problems.map((r) => (
                <li key={`${r.checkId}-${r.nodeIds.join('-')}`}>
                  <StatusIcon status={r.severity === 'block' ? 'failed' : 'blocked'} />{' '}
                  <strong>{r.nodeIds.join(', ')}</strong> {zh ? r.message.zh : r.message.en}
                </li>
              ))}
            </ul>
          )}
        </div>
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
