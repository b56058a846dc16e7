import { useCallback, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationInfo } from '../../../../common/catalog/operations';
import { Dialog } from '../../components/ui/Dialog';
import { SelectField, TextField } from '../../components/ui/Field';
import { sparesFor, type OperationChoice } from './operationsMenu';
import { UpgradeFields } from './UpgradeFields';

export interface OperationDialogProps {
  operation: OperationInfo;
  /** The cluster's machines (remove-node, reset-node, replace-node pick one of them). */
  members: readonly { id: string; name: string; role?: string }[];
  /** Machines of the project the cluster does not have yet (add-node joins them). */
  newcomers: readonly { id: string; name: string; role?: string }[];
  clusterName: string;
  kubernetesVersion: string;
  /** The machine chosen beforehand (Nodes → Remove, or the one selected on the topology). */
  nodeId?: string;
  onStart(choice: OperationChoice, confirm?: string): void;
  onClose(): void;
}

/**
 * What one operation of the menu needs before it runs, built from the operation: its machine,
 * its version, and the confirmation the catalog asks for (a destructive one says what it
 * destroys and is confirmed by typing the cluster name; the back end checks that name again).
 */
export function OperationDialog(props: OperationDialogProps): JSX.Element {
  const { operation, members, newcomers, clusterName, onStart, onClose } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const chosen = members.some((m) => m.id === props.nodeId) ? props.nodeId : undefined;
  // replace-node starts on a machine that has a spare of its role, when none was chosen.
  const replaceable =
    operation.id === 'replace-node'
      ? members.find((m) => sparesFor(m, newcomers).length > 0)?.id
      : undefined;
  const [nodeId, setNodeId] = useState(chosen ?? replaceable ?? members[0]?.id ?? '');
  const [unreachable, setUnreachable] = useState(false);
  const [spareId, setSpareId] = useState('');
  // replace-node: the spares of the chosen machine's role; the first one until another is picked.
  const old = members.find((m) => m.id === nodeId);
  const spares = sparesFor(old, newcomers);
  const spare = spares.find((n) => n.id === spareId) ?? spares[0];
  const [removeStale, setRemoveStale] = useState(false);
  const [upgrade, setUpgrade] = useState<OperationChoice | undefined>();
  const onUpgrade = useCallback((c: OperationChoice | undefined) => setUpgrade(c), []);
  const [typed, setTyped] = useState('');
  const destructive = operation.confirm === 'destructive';

  const choice = ((): OperationChoice | undefined => {
    switch (operation.id) {
      case 'add-node':
        return newcomers.length > 0
          ? {
              operation: 'add-node',
              nodeIds: newcomers.map((n) => n.id),
              removeStaleEtcdMembers: removeStale,
            }
          : undefined;
      case 'upgrade':
        return upgrade;
      case 'renew-certs':
        return { operation: 'renew-certs' };
      case 'remove-node':
        return nodeId ? { operation: 'remove-node', nodeId, unreachable } : undefined;
      case 'reset-node':
        return nodeId ? { operation: 'reset-node', nodeId } : undefined;
      case 'reset-cluster':
        return { operation: 'reset-cluster' };
      case 'replace-node':
        return nodeId && spare
          ? { operation: 'replace-node', oldNodeId: nodeId, newNodeId: spare.id, unreachable }
          : undefined;
      default:
        return undefined;
    }
  })();
  const ready = choice !== undefined && (!destructive || typed === clusterName);
  const pickNode =
    operation.id === 'remove-node' ||
    operation.id === 'reset-node' ||
    operation.id === 'replace-node';
  const canBeDead = operation.id === 'remove-node' || operation.id === 'replace-node';

  return (
    <Dialog
      open
      title={operation.title[lang]}
      onClose={onClose}
      testId="operation-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={destructive ? 'btn primary danger-fill' : 'btn primary'}
            disabled={!ready}
            onClick={() => choice && onStart(choice, destructive ? typed : undefined)}
            data-testid="operation-start"
          >
            {t('operations.start', { title: operation.title[lang] })}
          </button>
        </>
      }
    >
      <p>{operation.summary[lang]}</p>
      {pickNode && (
        <SelectField
          label={t('operations.node')}
          value={nodeId}
          options={members.map((m) => ({ value: m.id, label: m.name }))}
          onValue={setNodeId}
          data-testid="operation-node"
        />
      )}
      {operation.id === 'replace-node' &&
        (spare ? (
          <>
            <SelectField
              label={t('operations.replace.spare')}
              value={spare.id}
              options={spares.map((m) => ({ value: m.id, label: m.name }))}
              onValue={setSpareId}
              data-testid="operation-spare"
            />
            <p data-testid="operation-replaces">
              {t('operations.replace.plan', {
                old: old?.name ?? nodeId,
                spare: spare.name,
                role:
                  spare.role === 'control-plane'
                    ? t('operations.replace.role.controlPlane')
                    : t('operations.replace.role.worker'),
              })}
            </p>
          </>
        ) : (
          <p className="operation-destroys" data-testid="operation-no-spare">
            {t('operations.replace.noSpare', { name: old?.name ?? nodeId })}
          </p>
        ))}
      {canBeDead && (
        <label className="check">
          <input
            type="checkbox"
            checked={unreachable}
            onChange={(e) => setUnreachable(e.target.checked)}
            data-testid="operation-unreachable"
          />
          {t('operations.unreachable')}
        </label>
      )}
      {operation.id === 'add-node' && (
        <p data-testid="operation-newcomers">
          {t('operations.joins', { names: newcomers.map((n) => n.name).join(', ') })}
        </p>
      )}
      {operation.id === 'add-node' && newcomers.some((n) => n.role === 'control-plane') && (
        // Issue 19: a control plane joining later; etcd members of reset or lost machines are
        // removed only when confirmed here (step reconcile-etcd-members names them otherwise).
        <label className="check">
          <input
            type="checkbox"
            checked={removeStale}
            onChange={(e) => setRemoveStale(e.target.checked)}
            data-testid="operation-remove-stale-etcd"
          />
          {t('operations.removeStaleEtcdMembers')}
        </label>
      )}
      {operation.id === 'upgrade' && (
        <UpgradeFields kubernetesVersion={props.kubernetesVersion} onChoice={onUpgrade} />
      )}
      {destructive && operation.destroys && (
        <>
          <p className="operation-destroys" data-testid="operation-destroys">
            {t('operations.destroys', { what: operation.destroys[lang] })}
          </p>
          <TextField
            label={t('common.typeToConfirm', { text: clusterName })}
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onValue={setTyped}
            data-testid="operation-confirm"
          />
        </>
      )}
    </Dialog>
  );
}
