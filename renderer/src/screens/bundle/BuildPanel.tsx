import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/ui/Field';
import type { FieldProblem } from '../../components/ui/fieldErrors';
import type { BundleState } from '../../state/bundleStore';
import { bundleOutPath, parsePlainHttp, suggestedName } from './bundleView';

/**
 * Build: the user types a file name only; the file goes in the project's bundles folder (the
 * only place a page may write) and the full path is shown before anything starts. Cancel stops
 * the build and keeps its downloads, so building the same name again resumes.
 */
export function BuildPanel({
  state,
  clusterName,
}: {
  state: Pick<
    BundleState,
    | 'list'
    | 'listError'
    | 'needs'
    | 'needsFor'
    | 'status'
    | 'out'
    | 'buildError'
    | 'build'
    | 'cancel'
  >;
  clusterName: string;
}): JSX.Element {
  const { t } = useTranslation();
  const { list, listError, needs, needsFor, status, out, buildError, build, cancel } = state;
  const [typed, setTyped] = useState<string>();
  const [plainTyped, setPlainTyped] = useState('');
  const plainHttp = parsePlainHttp(plainTyped);
  const name = typed ?? suggestedName(clusterName, needs?.versions ?? []);
  const folder = list?.folder;
  const target = folder ? bundleOutPath(folder, name) : undefined;
  const running = status === 'building' || status === 'cancelling';
  const ready = needs !== undefined && needs.errors.length === 0 && needsFor.length > 0;
  // A back-end error naming `out` belongs under the name field while that name is still typed;
  // other errors show below the buttons.
  const typedPath = target && 'path' in target ? target.path : undefined;
  const outError = buildError?.field === 'out' && typedPath === out ? buildError : undefined;
  const problem: FieldProblem | undefined =
    target && 'problem' in target
      ? { key: `bundle.build.name.${target.problem}`, values: {}, fallback: target.problem }
      : outError?.code === 'bundle_exists' && target && 'name' in target
        ? // The back end's refusal of an existing file, said in the page's language.
          {
            key: 'bundle.build.name.exists',
            values: { name: target.name },
            fallback: outError.message,
          }
        : outError
          ? {
              key: 'bundle.build.outError',
              values: { message: outError.message },
              fallback: outError.message,
            }
          : undefined;
  const plainProblem: FieldProblem | undefined =
    'invalid' in plainHttp
      ? {
          key: 'bundle.build.plainHttp.invalid',
          values: { host: plainHttp.invalid },
          fallback: plainHttp.invalid,
        }
      : undefined;

  const onBuild = (): void => {
    if (target && 'path' in target && 'hosts' in plainHttp)
      void build(target.path, plainHttp.hosts);
  };

  return (
    <section
      className="bundle-panel"
      aria-labelledby="bundle-build-title"
      data-testid="bundle-build"
    >
      <h3 id="bundle-build-title">{t('bundle.build.title')}</h3>
      {listError && (
        <p role="alert" className="error-text">
          {listError}
        </p>
      )}
      {list && !folder && (
        <p role="alert" className="error-text" data-testid="bundle-unsaved">
          {t('bundle.build.unsaved')}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onBuild();
        }}
      >
        <TextField
          label={t('bundle.build.name.label')}
          hint={
            target && 'path' in target
              ? t('bundle.build.name.hint', { path: target.path })
              : t('bundle.build.name.hintNoFolder')
          }
          value={name}
          onValue={setTyped}
          problem={problem}
          disabled={running || !folder}
          data-testid="bundle-name"
        />
        <TextField
          label={t('bundle.build.plainHttp.label')}
          hint={t('bundle.build.plainHttp.hint')}
          value={plainTyped}
          onValue={setPlainTyped}
          problem={plainProblem}
          disabled={running}
          placeholder="registry.lab:5000"
          data-testid="bundle-plain-http"
        />
        {list && list.staged.length > 0 && (
          <p className="hint" data-testid="bundle-staged">
            {t('bundle.build.staged', { names: list.staged.join(', ') })}
          </p>
        )}
        <div className="toolbar">
          <button
            type="submit"
            className="btn primary"
            disabled={
              !ready || running || !target || !('path' in target) || plainProblem !== undefined
            }
            data-testid="bundle-start"
          >
            {t('bundle.build.start')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={status !== 'building'}
            onClick={() => void cancel()}
            data-testid="bundle-cancel"
          >
            {status === 'cancelling' ? t('bundle.build.cancelling') : t('bundle.build.cancel')}
          </button>
        </div>
        {!ready && <p className="hint">{t('bundle.build.needsFirst')}</p>}
      </form>
      {status === 'cancelled' && out && (
        <p role="status" data-testid="bundle-cancelled">
          {t('bundle.build.cancelled', { staging: `${out}.staging` })}
        </p>
      )}
      {buildError && buildError.field !== 'out' && (
        <p role="alert" className="error-text" data-testid="bundle-build-error">
          {buildError.field
            ? t('bundle.fieldError', { field: buildError.field, message: buildError.message })
            : buildError.message}
        </p>
      )}
    </section>
  );
}
