import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupProgress, SnapshotList } from '../../../../common/contracts/etcd';
import { kubelab } from '../../bridge/kubelab';
import { ConfirmByTyping } from '../../components/ui/ConfirmByTyping';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { usePlanStore } from '../../state/planStore';

/** 20480 → "20.0 KiB": sizes as the CLI's list prints them. */
function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

/**
 * etcd backups of the cluster (`etcd.backup`, `etcd.list`: what `kubelab etcd backup|list`
 * run): a Back up button, a progress bar fed by `etcd.backupProgress`, and the snapshots kept
 * beside the project, newest first.
 */
export function BackupsPanel(): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [list, setList] = useState<SnapshotList | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<BackupProgress | undefined>();
  const [running, setRunning] = useState(false);
  const [restoring, setRestoring] = useState<string | undefined>();
  const [restoreBusy, setRestoreBusy] = useState(false);
  const clusterName = usePlanStore((s) => s.saved?.clusterName);
  const loadPlan = usePlanStore((s) => s.load);

  const load = (): void => {
    kubelab.etcd
      .list()
      .then((l) => {
        setList(l);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  useEffect(load, []);
  useEffect(() => void loadPlan(), [loadPlan]);
  useEffect(() => kubelab.events.etcd.backupProgress(setProgress), []);

  const backUp = async (): Promise<void> => {
    setRunning(true);
    setProgress(undefined);
    try {
      const out = await kubelab.etcd.backup();
      push('success', t('backups.saved', { path: out.path }));
      load();
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setRunning(false);
    }
  };

  const restore = async (file: string, confirm: string): Promise<void> => {
    setRestoring(undefined);
    setRestoreBusy(true);
    try {
      const out = await kubelab.etcd.restore({ file, confirm });
      const kept = out.restored.map((r) => `${r.node} ${r.previousDataDir}`).join(', ');
      push('success', t('backups.restored', { file, kept: kept || out.previousDataDir }));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setRestoreBusy(false);
    }
  };

  const phase = progress?.phase ?? 'snapshot';
  const fraction =
    progress && progress.total > 0 && phase === 'download'
      ? progress.bytes / progress.total
      : undefined;
  const snapshots = [...(list?.snapshots ?? [])].reverse();

  return (
    <section className="backups" aria-labelledby="backups-title" data-testid="backups">
      <div className="area-head">
        <h2 id="backups-title">{t('backups.title')}</h2>
        <div className="toolbar">
          <button
            type="button"
            className="btn primary"
            disabled={running}
            onClick={() => void backUp()}
            data-testid="backup-start"
          >
            {t('backups.backUp')}
          </button>
        </div>
      </div>
      <p className="hint">{t('backups.intro')}</p>
      <Progress
        active={running}
        delayMs={0}
        value={fraction}
        label={
          fraction === undefined
            ? t(`backups.phase.${phase}`)
            : t('backups.downloading', {
                done: humanBytes(progress?.bytes ?? 0),
                total: humanBytes(progress?.total ?? 0),
              })
        }
      />
      <Progress active={restoreBusy} delayMs={0} label={t('backups.restoring')} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {list && snapshots.length === 0 && <p className="hint">{t('backups.empty')}</p>}
      {snapshots.length > 0 && (
        <table className="backups-list" data-testid="backups-list">
          <thead>
            <tr>
              <th>{t('backups.time')}</th>
              <th>{t('backups.revision')}</th>
              <th>{t('backups.size')}</th>
              <th>{t('backups.kubernetes')}</th>
              <th>{t('backups.node')}</th>
              <th>{t('backups.sha256')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.file} data-testid="backup-row" data-file={s.file}>
                <td>{new Date(s.time).toLocaleString()}</td>
                <td>{s.revision}</td>
                <td>{humanBytes(s.size)}</td>
                <td>{s.kubernetesVersion}</td>
                <td>{s.node}</td>
                <td title={s.sha256} data-testid="backup-sha256">
                  <code>{s.sha256.slice(0, 12)}…</code>
                </td>
                <td>
                  <button
                    type="button"
                    className="btn danger"
                    disabled={running || restoreBusy || !clusterName}
                    onClick={() => setRestoring(s.file)}
                    data-testid="backup-restore"
                  >
                    {t('backups.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list?.folder && <p className="hint">{t('backups.folder', { folder: list.folder })}</p>}
      {clusterName && (
        <ConfirmByTyping
          open={restoring !== undefined}
          title={t('backups.restoreTitle', { file: restoring ?? '' })}
          consequence={t('backups.restoreConsequence', { cluster: clusterName })}
          expected={clusterName}
          confirmLabel={t('backups.restore')}
          onConfirm={() => restoring && void restore(restoring, clusterName)}
          onClose={() => setRestoring(undefined)}
        />
      )}
    </section>
  );
}
