import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_FORMATS } from '../../../../common/contracts/nodes';
import type { NodeSpec } from '../../../../common/model/node';
import { kubelab } from '../../bridge/kubelab';
import { Dialog } from '../../components/ui/Dialog';
import { FieldFrame, SelectField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { useNodesStore } from '../../state/nodesStore';

type Format = (typeof IMPORT_FORMATS)[number];
interface Outcome {
  added: NodeSpec[];
  problems: { line: number; field?: string; message: string }[];
}

/** Paste the guide's host list, a CSV or an ~/.ssh/config; "Check" is a dry run. */
export function ImportDialog({
  open,
  onClose,
}: {
  open: boolean;
  onClose(): void;
}): JSX.Element | null {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<Format>('auto');
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    try {
      const result = await kubelab.nodes.import({ text, format, dryRun });
      setOutcome(result);
      if (!dryRun) await useNodesStore.getState().load();
      if (!dryRun && result.problems.length === 0) {
        push('success', t('nodes.import.done', { count: result.added.length }));
        setText('');
        setOutcome(undefined);
        onClose();
      }
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('nodes.import.title')}
      onClose={onClose}
      wide
      testId="import-dialog"
      footer={
        <>
          <Progress active={busy} label={t('nodes.import.working')} />
          <button
            type="button"
            className="btn"
            disabled={!text.trim() || busy}
            onClick={() => void run(true)}
          >
            {t('nodes.import.check')}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!text.trim() || busy}
            onClick={() => void run(false)}
            data-testid="import-run"
          >
            {t('nodes.import.run')}
          </button>
        </>
      }
    >
      <p className="hint">{t('nodes.import.explain')}</p>
      <SelectField<Format>
        label={t('nodes.import.format')}
        value={format}
        options={IMPORT_FORMATS.map((f) => ({ value: f, label: t(`nodes.import.formats.${f}`) }))}
        onValue={setFormat}
      />
      <FieldFrame label={t('nodes.import.text')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            aria-describedby={describedBy}
            rows={8}
            className="import-text"
            value={text}
            placeholder={'master1: 192.168.100.111\nnode1: 192.168.100.116\nnode2: 192.168.100.117'}
            data-testid="import-text"
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </FieldFrame>
      {outcome && (
        <div className="import-outcome" role="status">
          <p>{t('nodes.import.wouldAdd', { count: outcome.added.length })}</p>
          {outcome.added.length > 0 && (
            <ul>
              {outcome.added.map((n) => (
                <li key={n.id}>
                  {n.name} — {n.user}@{n.address}:{n.port} ({t(`topology.role.${n.role}`)})
                </li>
              ))}
            </ul>
          )}
          {outcome.problems.map((p) => (
            <p key={`${p.line}-${p.field ?? ''}`} className="error-text">
              {t('nodes.import.line', { line: p.line })} {p.message}
            </p>
          ))}
        </div>
      )}
    </Dialog>
  );
}
