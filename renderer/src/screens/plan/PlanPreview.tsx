import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterPlan } from '../../../../common/model/plan';
import { kubelab } from '../../bridge/kubelab';
import { Progress } from '../../components/ui/Progress';
import { errorText } from '../../state/toastStore';

interface Preview {
  kubeadmConfig: string;
  images: string[];
  haFiles: Array<{ path: string; target: string; content: string }>;
  runtimeFiles: Array<{ path: string; content: string }>;
  packages: { family: 'deb' | 'rpm'; repository: string }[];
  imagesFromNode: boolean;
}

/** The kubeadm config and image list for the draft, refreshed shortly after typing stops. */
export function PlanPreview({ plan, valid }: { plan: ClusterPlan; valid: boolean }): JSX.Element {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!valid) return undefined;
    let stale = false;
    const timer = setTimeout(() => {
      setBusy(true);
      kubelab.plan
        .preview({ plan })
        .then((p) => {
          if (!stale) {
            setPreview(p);
            setError(undefined);
          }
        })
        .catch((err: unknown) => {
          if (!stale) setError(errorText(err));
        })
        .finally(() => {
          if (!stale) setBusy(false);
        });
    }, 350);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [plan, valid]);

  return (
    <aside className="plan-preview" aria-labelledby="plan-preview-title">
      <div className="plan-preview-head">
        <h2 id="plan-preview-title">{t('plan.preview')}</h2>
        <Progress active={busy} label={t('plan.previewing')} />
      </div>
      {!valid && <p className="hint">{t('plan.previewNeedsValid')}</p>}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {preview && (
        <>
          <pre
            className={valid ? 'code' : 'code stale'}
            data-testid="plan-kubeadm-config"
            tabIndex={0}
          >
            {preview.kubeadmConfig}
          </pre>
          <h3>{t('plan.images')}</h3>
          {preview.imagesFromNode && (
            <p className="hint" data-testid="plan-images-from-node">
              {t('plan.imagesFromNode')}
            </p>
          )}
          <ul className="image-list">
            {preview.images.map((image) => (
              <li key={image}>
                <code>{image}</code>
              </li>
            ))}
          </ul>
          {preview.haFiles.length > 0 && <h3>{t('plan.haFiles')}</h3>}
          {preview.haFiles.map((file) => (
            <section key={file.path + file.target} data-testid="plan-ha-file">
              <h4>
                <code>{file.path}</code> — {file.target}
              </h4>
              <pre className={valid ? 'code' : 'code stale'} tabIndex={0}>
                {file.content}
              </pre>
            </section>
          ))}
          {preview.runtimeFiles.length > 0 && (
            <>
              <h3>{t('plan.runtimeFiles')}</h3>
              <p className="hint">{t('plan.runtimeFilesHint')}</p>
            </>
          )}
          {preview.runtimeFiles.map((file) => (
            <section key={file.path} data-testid="plan-runtime-file">
              <h4>
                <code>{file.path}</code>
              </h4>
              <pre className={valid ? 'code' : 'code stale'} tabIndex={0}>
                {file.content}
              </pre>
            </section>
          ))}
          <h3>{t('plan.packages')}</h3>
          <ul className="package-sources" data-testid="plan-package-sources">
            {preview.packages.map((p) => (
              <li key={p.family}>
                {t('plan.packagesResolved', { family: p.family, repository: p.repository })}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
