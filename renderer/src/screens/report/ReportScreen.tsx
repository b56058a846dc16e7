import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_FORMATS } from '../../../../common/contracts/report';
import { kubelab } from '../../bridge/kubelab';
import { SelectField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { CertificatesPanel } from './CertificatesPanel';
import { TokensPanel } from './TokensPanel';
import { BackupsPanel } from './BackupsPanel';
import { saveDownload } from './download';
import './report.css';

type Format = (typeof REPORT_FORMATS)[number];

/**
 * The cluster report of the open project, exactly as `report.preview` renders it (the back end
 * builds it from the project, the run and the verification; nothing here invents content). It
 * is shown in a sandboxed frame without scripts, and downloaded through the contract.
 */
export function ReportScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [html, setHtml] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [format, setFormat] = useState<Format>('html');
  const [exporting, setExporting] = useState(false);
  const refresh = (): void => {
    setBusy(true);
    kubelab.report
      .preview({ lang })
      .then((r) => {
        setHtml(r.html);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  // Re-render in the UI's language; the report has its own English and Chinese text.
  useEffect(refresh, [lang]);

  // The report downloads on every face: the browser saves it, the desktop asks where with the
  // system's save dialog (main/electron/saveDialog.ts). A typed path would name a file on the
  // machine kubelab runs on, which in the browser is the server.
  const download = async (): Promise<void> => {
    setExporting(true);
    try {
      const file = await kubelab.report.download({ format, lang });
      saveDownload(file);
      push('success', t('report.downloaded', { name: file.filename }));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setExporting(false);
    }
  };
  return (
    <section className="area report" aria-labelledby="report-title" data-testid="area-report">
      <div className="area-head">
        <h1 id="report-title">{t('report.title')}</h1>
        <div className="toolbar">
          <Progress active={busy} label={t('report.rendering')} />
          <button type="button" className="btn" onClick={refresh} disabled={busy}>
            {t('report.refresh')}
          </button>
        </div>
      </div>
      <p className="hint">{t('report.intro')}</p>
      <div className="report-export">
        <SelectField<Format>
          label={t('report.format')}
          value={format}
          options={REPORT_FORMATS.map((f) => ({ value: f, label: t(`report.formats.${f}`) }))}
          onValue={setFormat}
        />
        <button
          type="button"
          className="btn primary"
          disabled={exporting}
          onClick={() => void download()}
          data-testid="report-download"
        >
          {t('report.download')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <CertificatesPanel />
      <TokensPanel />
      <BackupsPanel />
      {html !== undefined && (
        <iframe
          className="report-frame"
          title={t('report.title')}
          sandbox=""
          srcDoc={html}
          data-testid="report-frame"
        />
      )}
    </section>
  );
}
