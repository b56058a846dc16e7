import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/appStore';
import { usePlanStore } from '../../state/planStore';

/**
 * "Machines have no internet" on the Plan screen: the plan's `offline` field (issue 22), saved
 * with the plan, so the install takes packages and images from the pushed bundle. The app store's
 * flag mirrors it to show the Bundle area, where that bundle is built and pushed.
 */
export function OfflineToggle(): JSX.Element {
  const { t } = useTranslation();
  const draft = usePlanStore((s) => s.draft);
  const edit = usePlanStore((s) => s.edit);
  const shown = useAppStore((s) => s.machinesOffline);
  const setShown = useAppStore((s) => s.setMachinesOffline);
  const setArea = useAppStore((s) => s.setArea);
  // Before the plan has loaded, the remembered flag stands in for it.
  const offline = draft ? draft.offline === true : shown;
  const toggle = (on: boolean): void => {
    // Unset rather than false: a plan that never went offline keeps its file as it was.
    edit({ offline: on ? true : undefined });
    setShown(on);
  };
  return (
    <fieldset className="plan-offline" data-testid="plan-offline">
      <legend>{t('plan.offline.title')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={offline}
          disabled={!draft}
          onChange={(e) => toggle(e.target.checked)}
          data-testid="plan-offline-toggle"
        />
        {t('plan.offline.label')}
      </label>
      <p className="hint">{t('plan.offline.hint')}</p>
      {offline && (
        <button
          type="button"
          className="btn"
          onClick={() => setArea('bundle')}
          data-testid="plan-offline-open"
        >
          {t('plan.offline.open')}
        </button>
      )}
    </fieldset>
  );
}
