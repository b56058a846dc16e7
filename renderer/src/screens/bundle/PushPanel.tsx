import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { foldPushEvent, type NodeRow } from '../../../../common/bundle/pushRows';
import type { BundlePushResult } from '../../../../common/contracts/bundle';
import { kubelab } from '../../bridge/kubelab';
import type { BundleState } from '../../state/bundleStore';

/**
 * Push: a bundle of the project's folder to the machines whose facts the page collected, each
 * node its share (its OS family and architecture) over SSH, checked there with sha256sum —
 * `kubelab bundle push`'s request. It listens to its own progress events here because it is the
 * only view of them; cancel keeps what the nodes received, so pushing again resumes.
 */
export function PushPanel({
  state,
}: {
  state: Pick<BundleState, 'list' | 'needsFor'>;
}): JSX.Element {
  const { t } = useTranslation();
  const bundles = state.list?.bundles ?? [];
  const [chosen, setChosen] = useState<string>();
  const [mib, setMib] = useState('');
  const [rows, setRows] = useState<Record<string, NodeRow>>({});
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<BundlePushResult>();
  const [error, setError] = useState<string>();
  const path = chosen ?? bundles[0]?.path;
  const rate = mib.trim() === '' ? undefined : Math.floor(Number(mib) * 1024 * 1024);
  const rateBad = rate !== undefined && !(rate > 0);

  useEffect(
    () => kubelab.events.bundle.pushProgress((e) => setRows((r) => foldPushEvent(r, e))),
    [],
  );

  const push = async (): Promise<void> => {
    if (!path) return;
    setRows({});
    setResult(undefined);
    setError(undefined);
    setRunning(true);
    try {
      setResult(
        await kubelab.bundle.push({
          path,
          machines: state.needsFor,
          ...(rate !== undefined ? { bandwidthLimit: rate } : {}),
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setRunning(false);
    }
  };

  const ids = Object.keys(rows);
  return (
    <section className="bundle-panel" aria-labelledby="bundle-push-title" data-testid="bundle-push">
      <h3 id="bundle-push-title">{t('bundle.push.title')}</h3>
      <p className="hint">{t('bundle.push.intro')}</p>
      {bundles.length === 0 && <p className="hint">{t('bundle.push.noBundle')}</p>}
      {state.needsFor.length === 0 && <p className="hint">{t('bundle.push.noNodes')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void push();
        }}
      >
        <label>
          {t('bundle.push.bundle')}
          <select
            value={path ?? ''}
            onChange={(e) => setChosen(e.target.value)}
            disabled={running || bundles.length === 0}
            data-testid="bundle-push-file"
          >
            {bundles.map((b) => (
              <option key={b.path} value={b.path}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('bundle.push.bandwidth')}
          <input
            type="number"
            min="0"
            step="any"
            value={mib}
            onChange={(e) => setMib(e.target.value)}
            disabled={running}
            aria-invalid={rateBad}
            data-testid="bundle-push-bandwidth"
          />
        </label>
        {rateBad && <p className="error-text">{t('bundle.push.bandwidthBad')}</p>}
        <div className="toolbar">
          <button
            type="submit"
            className="btn primary"
            disabled={running || !path || state.needsFor.length === 0 || rateBad}
            data-testid="bundle-push-start"
          >
            {t('bundle.push.start', { count: state.needsFor.length })}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!running}
            onClick={() => void kubelab.bundle.pushCancel({})}
            data-testid="bundle-push-cancel"
          >
            {t('bundle.push.cancel')}
          </button>
        </div>
      </form>
      {ids.length > 0 && (
        <table className="bundle-table" data-testid="bundle-push-nodes">
          <thead>
            <tr>
              <th>{t('bundle.push.node')}</th>
              <th>{t('bundle.push.state')}</th>
              <th>{t('bundle.push.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const r = rows[id] as NodeRow;
              return (
                <tr key={id} data-testid={`bundle-push-node-${id}`}>
                  <td>{id}</td>
                  <td>
                    {t(`bundle.push.states.${r.state}`)}
                    {r.state === 'verified' &&
                      ` (${t('bundle.push.verifiedFiles', { count: r.verified })})`}
                    {r.error && <span className="error-text"> {r.error}</span>}
                  </td>
                  <td>
                    <progress max={r.total || 1} value={r.done} />
                    {r.present > 0 && ` ${t('bundle.push.present', { count: r.present })}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result && (
        <p role="status" data-testid="bundle-push-result">
          {t('bundle.push.result', {
            ok: result.nodes.filter((n) => n.ok).length,
            count: result.nodes.length,
          })}
        </p>
      )}
      {result?.nodes
        .filter((n) => n.missing.length > 0)
        .map((n) => (
          <p key={n.nodeId} role="alert" className="error-text" data-testid="bundle-push-missing">
            {t('bundle.push.missing', { node: n.nodeId, ids: n.missing.join(', ') })}
          </p>
        ))}
      {error && (
        <p role="alert" className="error-text" data-testid="bundle-push-error">
          {error}
        </p>
      )}
    </section>
  );
}
