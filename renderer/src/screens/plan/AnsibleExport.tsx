import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { TextField } from '../../components/ui/Field';
import { errorText, useToasts } from '../../state/toastStore';

/**
 * "Export for Ansible" on the Plan screen: writes the saved plan's inventory (Kubespray groups)
 * and playbook into a directory on this machine, as `kubelab export ansible -o DIR` does.
 */
export function AnsibleExport({ disabled }: { disabled: boolean }): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [outDir, setOutDir] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<{ dir: string; count: number } | undefined>();

  const onExport = async (): Promise<void> => {
    setBusy(true);
    setWritten(undefined);
    try {
      const out = await kubelab.export.ansible({ outDir: outDir.trim(), force });
      setWritten({ dir: out.dir, count: out.files.length });
      push('success', t('plan.ansible.done', { count: out.files.length, dir: out.dir }));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="plan-ansible" data-testid="plan-ansible">
      <legend>{t('plan.ansible.title')}</legend>
      <p className="hint">{t('plan.ansible.intro')}</p>
      <TextField
        label={t('plan.ansible.outDir')}
        hint={t('plan.ansible.outDirHint')}
        value={outDir}
        onValue={setOutDir}
        placeholder="/home/me/kubelab-ansible"
        data-testid="plan-ansible-dir"
      />
      <label className="check">
        <input
          type="checkbox"
          checked={force}
          onChange={(e) => setForce(e.target.checked)}
          data-testid="plan-ansible-force"
        />
        {t('plan.ansible.force')}
      </label>
      <button
        type="button"
        className="btn"
        disabled={disabled || busy || outDir.trim() === ''}
        onClick={() => void onExport()}
        data-testid="plan-ansible-export"
      >
        {t('plan.ansible.export')}
      </button>
      {written && (
        <p className="hint" role="status" data-testid="plan-ansible-written">
          {t('plan.ansible.run', { dir: written.dir })}
        </p>
      )}
    </fieldset>
  );
}
