import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabScenario, LabStatus } from '../../../../common/contracts/lab';
import { kubelab } from '../../bridge/kubelab';
import { SelectField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { usePlanStore } from '../../state/planStore';
import { useNodesStore } from '../../state/nodesStore';

/**
 * "Use the practice lab": where this machine can run the lab (Linux, root), bring a scenario up
 * and open its project — machines with pinned host keys and the guide's plan — in one step.
 */
export function LabPanel(): JSX.Element | null {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const [scenarios, setScenarios] = useState<LabScenario[]>([]);
  const [status, setStatus] = useState<LabStatus | undefined>();
  const [scenario, setScenario] = useState('guide');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([kubelab.lab.scenarios(), kubelab.lab.status()])
      .then(([list, current]) => {
        setScenarios(list.scenarios);
        setStatus(current);
        if (current.scenario) setScenario(current.scenario);
      })
      .catch(() => setStatus(undefined));
  }, []);

  if (!status?.available) return null;

  const reloadProject = async (): Promise<void> => {
    await useNodesStore.getState().load();
    usePlanStore.setState({ draft: undefined });
    await usePlanStore.getState().load();
  };
  const act = async (what: 'up' | 'down'): Promise<void> => {
    setBusy(true);
    try {
      const next = what === 'up' ? await kubelab.lab.up({ scenario }) : await kubelab.lab.down();
      setStatus(next);
      if (what === 'up') await reloadProject();
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const picked = scenarios.find((s) => s.name === scenario);
  const description = i18n.language.startsWith('zh')
    ? (picked?.descriptionZh ?? picked?.description)
    : picked?.description;

  return (
    <div className="lab-panel" data-testid="lab-panel">
      <div className="lab-text">
        <strong>{t('nodes.lab.title')}</strong>
        <span className="hint">
          {status.up
            ? t('nodes.lab.up', { scenario: status.scenario ?? '' })
            : t('nodes.lab.explain')}
        </span>
      </div>
      <SelectField
        label={t('nodes.lab.scenario')}
        value={scenario}
        options={scenarios.map((s) => ({ value: s.name, label: s.name }))}
        hint={description}
        onValue={setScenario}
      />
      <div className="toolbar">
        <Progress active={busy} label={t('nodes.lab.working')} />
        <button
          type="button"
          className="btn primary"
          disabled={busy}
          onClick={() => void act('up')}
          data-testid="lab-up"
        >
          {t('nodes.lab.use')}
        </button>
        {status.up && status.owned && (
          <button type="button" className="btn" disabled={busy} onClick={() => void act('down')}>
            {t('nodes.lab.down')}
          </button>
        )}
      </div>
    </div>
  );
}
