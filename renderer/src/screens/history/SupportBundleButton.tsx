import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { errorText, useToasts } from '../../state/toastStore';
import { saveDownload } from '../report/download';

/**
 * "Support bundle": one .tar.gz of the project's logs, run records, facts, preflight, verify and
 * report, secrets redacted (support.bundle). It downloads as the report does: the browser saves
 * it; the desktop asks where with a save dialog (main/electron/saveDialog.ts).
 */
export function SupportBundleButton(): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [busy, setBusy] = useState(false);
  const make = async (): Promise<void> => {
    setBusy(true);
    try {
      const bundle = await kubelab.support.bundle({});
      saveDownload(bundle);
      push(
        'success',
        t('support.downloaded', { name: bundle.filename, count: bundle.files.length }),
      );
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="btn"
      disabled={busy}
      title={t('support.hint')}
      onClick={() => void make()}
      data-testid="support-bundle"
    >
      {busy ? t('support.making') : t('support.button')}
    </button>
  );
}
