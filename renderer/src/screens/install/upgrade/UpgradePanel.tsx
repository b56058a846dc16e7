import { useMemo, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveVersion } from '../../../../../common/catalog/images';
import { NEWEST_MINOR } from '../../../../../common/catalog/kubernetesVersions';
import { newestRelease } from '../../../../../common/catalog/releases';
import type {
  UpgradeLivePlanAnswer,
  UpgradePlanAnswer,
} from '../../../../../common/contracts/upgrade';
import type { RuntimeId } from '../../../../../common/catalog/kubernetesVersions';
import type { DockerMigration } from '../../../../../common/upgrade/schema';
import { kubelab } from '../../../bridge/kubelab';
import { errorText, useToasts } from '../../../state/toastStore';
import { HopCard } from './HopCard';
import { KubeadmComparison } from './KubeadmComparison';
import { UnfinishedHop } from './UnfinishedHop';

interface Props {
  /** The installed version (the plan's). */
  current: string;
  runtime: RuntimeId;
  onClose(): void;
}

/** The minors above the cluster's, each meaning its newest catalog patch. */
function targets(current: string): { value: string; label: string }[] {
  const v = resolveVersion(current);
  if (!v) return [];
  const out: { value: string; label: string }[] = [];
  for (let minor = v.minor + 1; minor <= NEWEST_MINOR; minor++) {
    const newest = newestRelease(minor);
    if (newest) out.push({ value: `1.${minor}`, label: newest.version });
  }
  return out;
}

/**
 * The Upgrade operation's first layer (issue 20): pick a target, see the hop plan `kubelab
 * upgrade --to V --dry-run` prints — the same contract entry. Nothing runs from here: the run is
 * the operations menu's Upgrade (OperationDialog).
 */
export function UpgradePanel({ current, runtime, onClose }: Props): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const push = useToasts((s) => s.push);
  const options = useMemo(() => targets(current), [current]);
  const [to, setTo] = useState(options[0]?.value ?? '');
  const [batch, setBatch] = useState(1);
  const [docker, setDocker] = useState<DockerMigration>('containerd');
  const [answer, setAnswer] = useState<UpgradePlanAnswer | UpgradeLivePlanAnswer | undefined>();
  const [busy, setBusy] = useState(false);

  /** kubelab's plan; `live`: with kubeadm's own, asked on the first control plane (read-only). */
  const show = async (live: boolean): Promise<void> => {
    setBusy(true);
    try {
      const payload = {
        to,
        workerBatchSize: batch,
        ...(runtime === 'docker' ? { dockerMigration: docker } : {}),
      };
      setAnswer(
        live ? await kubelab.upgrade.livePlan(payload) : await kubelab.upgrade.plan(payload),
      );
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="upgrade-panel" aria-labelledby="upgrade-title" data-testid="upgrade-panel">
      <div className="area-head">
        <h2 id="upgrade-title">{t('upgrade.title', { current })}</h2>
        <button type="button" className="btn" onClick={onClose} data-testid="upgrade-close">
          {t('upgrade.close')}
        </button>
      </div>
      <p className="hint">{t('upgrade.notBuilt')}</p>
      {options.length === 0 ? (
        <p className="empty">{t('upgrade.newest')}</p>
      ) : (
        <div className="upgrade-form">
          <label>
            {t('upgrade.target')}
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="upgrade-target">
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('upgrade.batch')}
            <input
              type="number"
              min={1}
              max={100}
              value={batch}
              onChange={(e) => setBatch(Number(e.target.value))}
              data-testid="upgrade-batch"
            />
          </label>
          {runtime === 'docker' && (
            <label>
              {t('upgrade.dockerTo')}
              <select
                value={docker}
                onChange={(e) => setDocker(e.target.value as DockerMigration)}
                data-testid="upgrade-docker-to"
              >
                <option value="containerd">containerd</option>
                <option value="cri-dockerd">cri-dockerd</option>
              </select>
            </label>
          )}
          <button
            type="button"
            className="btn primary"
            disabled={busy || to === ''}
            onClick={() => void show(false)}
            data-testid="upgrade-show"
          >
            {t('upgrade.show')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || to === ''}
            onClick={() => void show(true)}
            data-testid="upgrade-live"
          >
            {t('upgrade.live')}
          </button>
        </div>
      )}
      {answer && answer.errors.length > 0 && (
        <ul className="upgrade-errors" role="alert" data-testid="upgrade-errors">
          {answer.errors.map((e) => (
            <li key={e.field}>
              {e.field}: {lang === 'zh' ? (e.messageZh ?? e.message) : e.message}
            </li>
          ))}
        </ul>
      )}
      {answer?.unfinished && <UnfinishedHop hop={answer.unfinished} />}
      {answer && 'kubeadm' in answer && answer.kubeadm && (
        <KubeadmComparison
          kubeadm={answer.kubeadm}
          disagreements={answer.disagreements}
          lang={lang}
        />
      )}
      {answer?.plan && (
        <>
          <p data-testid="upgrade-summary">
            {t('upgrade.summary', {
              from: answer.plan.current,
              to: answer.plan.target,
              count: answer.plan.hops.length,
            })}
          </p>
          <ul className="upgrade-notes">
            {answer.plan.notes.map((n, i) => (
              <li key={i}>{n[lang]}</li>
            ))}
          </ul>
          <ol className="upgrade-hops">
            {answer.plan.hops.map((h) => (
              <HopCard key={h.index} hop={h} lang={lang} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
