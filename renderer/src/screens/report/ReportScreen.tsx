import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_FORMATS } from '../../../../common/contracts/report';
import { kubelab } from '../../bridge/kubelab';
import { SelectField, TextField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { useAppStore } from '../../state/appStore';
import { CertificatesPanel } from './CertificatesPanel';
import { TokensPanel } from './TokensPanel';
import { BackupsPanel } from './BackupsPanel';
import { saveDownload } from './download';
import './report.css';

type Format = (typeof REPORT_FORMATS)[number];
const EXT: Record<Format, string> = { html: '.html', pdf: '.pdf', md: '.md', json: '.json' };

/**
 * The cluster report of the open project, exactly as `report.preview` renders it (the back end
 * builds it from the project, the run and the verification; nothing here invents content). It
 * is shown in a sandboxed frame without scripts, and exported to a file through the contract.
 */
export function ReportScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [html, setHtml] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [format, setFormat] = useState<Format>('html');
  const [path, setPath] = useState('');
  const [exporting, setExporting] = useState(false);
  const [written, setWritten] = useState<string | undefined>();
  // In the browser the report downloads (a path would be on the server, and its folder cannot be
  // opened from here); the desktop writes to a path and can show its folder.
  const browser = useAppStore((s) => s.info?.face) === 'web';

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

  const exportTo = async (): Promise<void> => {
    setExporting(true);
    try {
      const out = await kubelab.report.export({ format, path, lang });
      setWritten(out.path);
      push('success', t('report.exported', { path: out.path }));
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setExporting(false);
    }
  };
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
  const reveal = (file: string): void => {
    kubelab.report.reveal({ path: file }).catch((err: unknown) => push('error', errorText(err)));
  };
  const pathOk = path.startsWith('/') && path.toLowerCase().endsWith(EXT[format]);

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
      {browser ? (
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
      ) : (
        <form
          className="report-export"
          onSubmit={(e) => {
            e.preventDefault();
            if (pathOk) void exportTo();
          }}
        >
          <SelectField<Format>
            label={t('report.format')}
            value={format}
            options={REPORT_FORMATS.map((f) => ({ value: f, label: t(`report.formats.${f}`) }))}
            onValue={setFormat}
          />
          <TextField
            label={t('report.path')}
            value={path}
            placeholder={`/home/you/cluster-report${EXT[format]}`}
            hint={t('report.pathHint', { ext: EXT[format] })}
            data-testid="report-path"
            onValue={setPath}
          />
          <button
            type="submit"
            className="btn primary"
            disabled={!pathOk || exporting}
            data-testid="report-export"
          >
            {t('report.export')}
          </button>
          {written && (
            <button
              type="button"
              className="btn"
              onClick={() => reveal(written)}
              data-testid="report-reveal"
            >
              {t('report.openFolder')}
            </button>
          )}
        </form>
      )}
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
