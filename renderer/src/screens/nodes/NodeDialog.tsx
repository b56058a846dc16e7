import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { AUTH_METHODS, NODE_ROLES, type NodeSpec } from '../../../../common/model/node';
import { kubelab } from '../../bridge/kubelab';
import { Dialog } from '../../components/ui/Dialog';
import { NumberField, SelectField, TextField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText } from '../../state/toastStore';
import {
  draftFromNode,
  emptyDraft,
  inputFromDraft,
  nodeProblems,
  type NodeDraft,
} from './nodeForm';
import { useNodesStore } from '../../state/nodesStore';
import { TestResult } from './TestResult';

export interface NodeDialogProps {
  open: boolean;
  /** The node being edited; absent: a new node. */
  node?: NodeSpec;
  onClose(): void;
}

/** Add or edit a machine, checked as typed; "Save and test" connects once and shows the result. */
export function NodeDialog({ open, node, onClose }: NodeDialogProps): JSX.Element | null {
  const { t } = useTranslation();
  const nodes = useNodesStore((s) => s.nodes);
  const test = useNodesStore((s) => s.test);
  const [draft, setDraft] = useState<NodeDraft>(emptyDraft);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [savedId, setSavedId] = useState<string | undefined>(node?.id);

  useEffect(() => {
    if (!open) return;
    setDraft(node ? draftFromNode(node) : emptyDraft());
    setTouched(Boolean(node));
    setError(undefined);
    setSavedId(node?.id);
  }, [open, node]);

  const problems = nodeProblems(draft);
  const valid = Object.keys(problems).length === 0;
  const shown = touched ? problems : {};
  const testResult = useNodesStore((s) => (savedId ? s.tests[savedId] : undefined));
  const edit = (patch: Partial<NodeDraft>): void => {
    setTouched(true);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async (andTest: boolean): Promise<void> => {
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const input = inputFromDraft(draft);
      const id = savedId ?? node?.id;
      const saved = id
        ? await kubelab.nodes.update({ id, patch: input })
        : await kubelab.nodes.add(input);
      setSavedId(saved.id);
      if (draft.password) {
        await kubelab.nodes.setSecret({ id: saved.id, kind: 'password', value: draft.password });
        setDraft((d) => ({ ...d, password: '' }));
      }
      await useNodesStore.getState().load();
      if (andTest) await test(saved.id);
      else onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={node ? t('nodes.editTitle', { name: node.name }) : t('nodes.addTitle')}
      onClose={onClose}
      testId="node-dialog"
      footer={
        <>
          <Progress active={busy} label={t('nodes.saving')} />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void save(true)}
            data-testid="node-save-test"
          >
            {t('nodes.saveAndTest')}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={busy}
            onClick={() => void save(false)}
            data-testid="node-save"
          >
            {t('common.save')}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <TextField
          label={t('nodes.fields.name')}
          value={draft.name}
          problem={shown.name}
          data-testid="node-name"
          onValue={(name) => edit({ name })}
        />
        <TextField
          label={t('nodes.fields.address')}
          value={draft.address}
          problem={shown.address}
          hint={t('nodes.hints.address')}
          data-testid="node-address"
          onValue={(address) => edit({ address })}
        />
        <NumberField
          label={t('nodes.fields.port')}
          value={draft.port}
          problem={shown.port}
          data-testid="node-port"
          onValue={(port) => edit({ port })}
        />
        <TextField
          label={t('nodes.fields.user')}
          value={draft.user}
          problem={shown.user}
          data-testid="node-user"
          onValue={(user) => edit({ user })}
        />
        <SelectField
          label={t('nodes.fields.auth')}
          value={draft.auth}
          options={AUTH_METHODS.map((a) => ({ value: a, label: t(`nodes.auth.${a}`) }))}
          data-testid="node-auth"
          onValue={(auth) => edit({ auth })}
        />
        {draft.auth === 'password' && (
          <TextField
            label={t('nodes.fields.password')}
            type="password"
            autoComplete="off"
            value={draft.password}
            hint={t('nodes.hints.password')}
            data-testid="node-password"
            onValue={(password) => edit({ password })}
          />
        )}
        {draft.auth === 'key' && (
          <TextField
            label={t('nodes.fields.keyPath')}
            value={draft.keyPath}
            problem={shown.keyPath}
            placeholder="~/.ssh/id_ed25519"
            data-testid="node-keyPath"
            onValue={(keyPath) => edit({ keyPath })}
          />
        )}
        <SelectField
          label={t('nodes.fields.role')}
          value={draft.role}
          options={NODE_ROLES.map((r) => ({ value: r, label: t(`topology.role.${r}`) }))}
          data-testid="node-role"
          onValue={(role) => edit({ role })}
        />
        <SelectField
          label={t('nodes.fields.jumpHost')}
          value={draft.jumpHost}
          options={[
            { value: '', label: t('nodes.noJumpHost') },
            ...nodes.filter((n) => n.id !== node?.id).map((n) => ({ value: n.id, label: n.name })),
          ]}
          problem={shown.jumpHost}
          onValue={(jumpHost) => edit({ jumpHost })}
        />
      </div>
      {error && (
        <p role="alert" className="error-text" data-testid="node-dialog-error">
          {error}
        </p>
      )}
      {testResult && <TestResult result={testResult} />}
    </Dialog>
  );
}
