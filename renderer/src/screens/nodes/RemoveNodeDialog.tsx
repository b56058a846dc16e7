import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeSpec } from '../../../../common/model/node';
import { Dialog } from '../../components/ui/Dialog';

export interface RemoveNodeDialogProps {
  node: NodeSpec;
  /** Opens the remove-node operation's dialog (Install screen) for this machine. */
  onFromCluster(): void;
  /** Today's inventory edit: the machine and the cluster are left as they are. */
  onForget(): void;
  onClose(): void;
}

/**
 * Remove on a machine of the cluster: take it out of the cluster (the remove-node operation,
 * confirmed there by the cluster name), or only forget it in kubelab, which changes nothing on
 * the machine — said before either is chosen.
 */
export function RemoveNodeDialog(props: RemoveNodeDialogProps): JSX.Element {
  const { t } = useTranslation();
  const { node } = props;
  return (
    <Dialog
      open
      title={t('nodesRemove.title', { name: node.name })}
      onClose={props.onClose}
      testId="remove-node-choice"
      footer={
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      }
    >
      <p>{t('nodesRemove.member', { name: node.name })}</p>
      <p className="hint">{t('nodesRemove.fromClusterHint')}</p>
      <button
        type="button"
        className="btn danger"
        onClick={props.onFromCluster}
        data-testid="remove-from-cluster"
      >
        {t('nodesRemove.fromCluster')}
      </button>
      <p className="hint">{t('nodesRemove.forgetHint')}</p>
      <button type="button" className="btn" onClick={props.onForget} data-testid="remove-forget">
        {t('nodesRemove.forget')}
      </button>
    </Dialog>
  );
}
