import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/appStore';

/**
 * "Machines have no internet" on the Plan screen: shows the Bundle area, where the air-gapped
 * bundle of what this plan needs is built (issue 22). Nothing in the plan changes.
 */
export function OfflineToggle(): JSX.Element {
  const { t } = useTranslation();
  const offline = useAppStore((s) => s.machinesOffline);
  const setOffline = useAppStore((s) => s.setMachinesOffline);
  const setArea = useAppStore((s) => s.setArea);
  return (
    <fieldset className="plan-offline" data-testid="plan-offline">
      <legend>{t('plan.offline.title')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={offline}
          onChange={(e) => setOffline(e.target.checked)}
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
