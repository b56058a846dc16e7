import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kubeconfig } from '../../../../../common/contracts/cluster';
import { kubelab } from '../../../bridge/kubelab';
import { Dialog } from '../../../components/ui/Dialog';
import { errorText, useToasts } from '../../../state/toastStore';
import { saveText } from './saveText';

/**
 * The admin kubeconfig hand-off (issue 18): download or copy it, and how kubectl, Lens and
 * Headlamp take it. The file is fetched when the dialog opens and dropped when it closes: it
 * holds the admin's client key, so it never enters a store or the page's text.
 *
 * How each tool imports a kubeconfig:
 * - kubectl: the KUBECONFIG variable or --kubeconfig,
 *   https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 * - Lens Desktop reads the user's kubeconfig and adds clusters from pasted kubeconfig YAML
 *   (Catalog → “+” → Add from kubeconfig), https://docs.k8slens.dev/cluster/cluster-performance
 *   and https://deepwiki.com/freelensapp/freelens/4.1-cluster-management (the AddCluster view)
 * - Headlamp desktop reads the kubeconfig in the default path or KUBECONFIG
 *   (https://github.com/kinvolk/headlamp README) and loads one from Add Cluster → Load from
 *   KubeConfig (https://headlamp.dev/blog/2024/04/user-added-cluster-support-in-shared-headlamp-deployments/)
 */
export function KubeconfigDialog({ onClose }: { onClose(): void }): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [file, setFile] = useState<Kubeconfig>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    kubelab.cluster
      .kubeconfig({})
      .then((k) => live && setFile(k))
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, []);

  const copy = (): void => {
    if (!file) return;
    navigator.clipboard
      .writeText(file.kubeconfig)
      .then(() => push('success', t('kubeconfig.copied')))
      .catch((err: unknown) => push('error', errorText(err)));
  };
  const name = file?.filename ?? 'cluster-admin.conf';

  return (
    <Dialog
      open
      title={t('kubeconfig.title')}
      onClose={onClose}
      wide
      testId="kubeconfig-dialog"
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={copy}
            disabled={!file}
            data-testid="kubeconfig-copy"
          >
            {t('kubeconfig.copy')}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!file}
            onClick={() => file && saveText(file.filename, file.kubeconfig, 'application/yaml')}
            data-testid="kubeconfig-download"
          >
            {t('kubeconfig.download', { name })}
          </button>
        </>
      }
    >
      <p className="kubeconfig-warning" role="note" data-testid="kubeconfig-warning">
        {t('kubeconfig.warning')}
      </p>
      {!file && !error && <p>{t('kubeconfig.loading')}</p>}
      {error && (
        <p role="alert" data-testid="kubeconfig-error">
          {error}
        </p>
      )}
      {file && (
        <p data-testid="kubeconfig-server">
          {t(file.rewritten ? 'kubeconfig.serverRewritten' : 'kubeconfig.server', {
            server: file.servers.join(', '),
          })}
        </p>
      )}
      <h3>kubectl</h3>
      <p>{t('kubeconfig.kubectl')}</p>
      <pre>{`chmod 600 ~/Downloads/${name}\nKUBECONFIG=~/Downloads/${name} kubectl get nodes`}</pre>
      <h3>Lens</h3>
      <p>{t('kubeconfig.lens')}</p>
      <h3>Headlamp</h3>
      <p>{t('kubeconfig.headlamp')}</p>
    </Dialog>
  );
}
