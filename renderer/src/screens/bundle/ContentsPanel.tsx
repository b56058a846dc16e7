import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleInspection } from '../../../../common/contracts/bundle';
import type { BundleState } from '../../state/bundleStore';
import { checkCounts, checksForDisplay, formatSize } from './bundleView';

/**
 * The bundles in the project's folder and, for the one inspected (bundle.inspect), what it was
 * built for and every entry's SHA-256 check against the manifest, failures first.
 */
export function ContentsPanel({
  state,
}: {
  state: Pick<
    BundleState,
    'list' | 'inspected' | 'inspection' | 'inspecting' | 'inspectError' | 'inspect' | 'loadList'
  >;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const { list, inspected, inspection, inspecting, inspectError, inspect, loadList } = state;
  const bundles = list?.bundles ?? [];
  return (
    <section
      className="bundle-panel"
      aria-labelledby="bundle-contents-title"
      data-testid="bundle-contents"
    >
      <h3 id="bundle-contents-title">{t('bundle.contents.title')}</h3>
      <button type="button" className="btn" onClick={() => void loadList()}>
        {t('bundle.contents.refresh')}
      </button>
      {list?.folder && (
        <p className="hint">{t('bundle.contents.folder', { folder: list.folder })}</p>
      )}
      {list && bundles.length === 0 && <p className="hint">{t('bundle.contents.empty')}</p>}
      {bundles.length > 0 && (
        <ul className="bundle-files" data-testid="bundle-files">
          {bundles.map((b) => (
            <li key={b.path}>
              <button
                type="button"
                className="link"
                aria-pressed={b.path === inspected}
                disabled={inspecting}
                onClick={() => void inspect(b.path)}
                data-testid={`bundle-inspect-${b.name}`}
              >
                {t('bundle.contents.inspect', { name: b.name })}
              </button>
              <span className="hint">
                {' '}
                · {formatSize(b.bytes)} · {new Date(b.modifiedAt).toLocaleString(i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {inspecting && <p role="status">{t('bundle.contents.checking')}</p>}
      {inspectError && (
        <p role="alert" className="error-text" data-testid="bundle-inspect-error">
          {inspectError.field
            ? t('bundle.fieldError', { field: inspectError.field, message: inspectError.message })
            : inspectError.message}
        </p>
      )}
      {inspection && <Inspection inspection={inspection} />}
    </section>
  );
}

function Inspection({ inspection }: { inspection: BundleInspection }): JSX.Element {
  const { t } = useTranslation();
  const { manifest } = inspection;
  const shaByPath = new Map(manifest.entries.map((e) => [e.path, e.sha256]));
  return (
    <div data-testid="bundle-inspection">
      <p
        role={inspection.ok ? 'status' : 'alert'}
        className={inspection.ok ? 'bundle-ok' : 'error-text'}
        data-testid="bundle-verdict"
      >
        {inspection.ok ? t('bundle.contents.ok') : t('bundle.contents.notOk')}{' '}
        {checkCounts(inspection.checks)
          .map(({ state, count }) => t(`bundle.check.count.${state}`, { count }))
          .join(t('bundle.listSeparator'))}
      </p>
      <dl className="bundle-facts">
        <dt>{t('bundle.contents.builtFor')}</dt>
        <dd>
          {manifest.plan.clusterName} · Kubernetes {manifest.versions.join(' → ')} ·{' '}
          {manifest.plan.runtime} · {manifest.plan.cni} · {manifest.plan.mirrorProfile}
        </dd>
        <dt>{t('bundle.contents.machines')}</dt>
        <dd>{manifest.machines.map((m) => `${m.family} ${m.arch} ${m.release}`).join(', ')}</dd>
        <dt>{t('bundle.contents.size')}</dt>
        <dd>{formatSize(inspection.fileBytes)}</dd>
        <dt>{t('bundle.contents.created')}</dt>
        <dd>{manifest.createdAt}</dd>
      </dl>
      <table className="bundle-table" data-testid="bundle-checks">
        <thead>
          <tr>
            <th>{t('bundle.contents.path')}</th>
            <th>{t('bundle.contents.entrySize')}</th>
            <th>{t('bundle.contents.sha256')}</th>
          </tr>
        </thead>
        <tbody>
          {checksForDisplay(inspection).map((c) => (
            <tr key={c.path} className={`bundle-check-${c.state}`} data-testid="bundle-check-row">
              <td>
                <code>{c.path}</code>
                <div className="hint">{c.id}</div>
              </td>
              <td>{formatSize(c.bytes)}</td>
              <td>
                {/* The manifest's sum, which the check compared the entry's bytes with. */}
                <code className="bundle-sha" data-testid="bundle-check-sha">
                  {shaByPath.get(c.path) ?? '–'}
                </code>
                <div>{t(`bundle.check.${c.state}`)}</div>
                {c.detail && <div className="hint">{c.detail}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {inspection.unlisted.length > 0 && (
        <p role="alert" className="error-text" data-testid="bundle-unlisted">
          {t('bundle.contents.unlisted', { files: inspection.unlisted.join(', ') })}
        </p>
      )}
    </div>
  );
}
