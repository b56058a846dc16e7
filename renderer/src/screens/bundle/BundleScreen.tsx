import { useEffect, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useBundleStore } from '../../state/bundleStore';
import { usePlanStore } from '../../state/planStore';
import { BuildPanel } from './BuildPanel';
import { BuildProgressView } from './BuildProgressView';
import { ContentsPanel } from './ContentsPanel';
import { NeedsPanel } from './NeedsPanel';
import { PushPanel } from './PushPanel';
import './bundle.css';

/**
 * The Bundle area (issue 22 part 1), for machines without internet: what the plan needs on these
 * machines, the build into the project's bundles folder with its progress and cancel, and the
 * bundles there with every checksum checked — the requests `kubelab bundle build|inspect` makes.
 */
export function BundleScreen(): JSX.Element {
  const { t } = useTranslation();
  const bundle = useBundleStore();
  const { loadList, inspect } = bundle;
  const written = bundle.progress.written?.path;
  const clusterName = usePlanStore((s) => s.saved?.clusterName ?? 'bundle');
  const planLoaded = usePlanStore((s) => s.saved !== undefined);
  const loadPlan = usePlanStore((s) => s.load);

  useEffect(() => {
    void loadList();
    if (!planLoaded) void loadPlan();
  }, [loadList, loadPlan, planLoaded]);

  // A bundle just written is checked at once: its contents are what the user came for.
  useEffect(() => {
    if (written) void inspect(written);
  }, [written, inspect]);

  return (
    <section className="area bundle" aria-labelledby="bundle-title" data-testid="area-bundle">
      <div className="area-head">
        <h2 id="bundle-title">{t('bundle.title')}</h2>
      </div>
      <p className="hint">{t('bundle.intro')}</p>
      <NeedsPanel />
      <BuildPanel state={bundle} clusterName={clusterName} />
      <BuildProgressView progress={bundle.progress} status={bundle.status} />
      <ContentsPanel state={bundle} />
      <PushPanel state={bundle} />
    </section>
  );
}
