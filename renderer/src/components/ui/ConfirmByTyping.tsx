import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { TextField } from './Field';

export interface ConfirmByTypingProps {
  open: boolean;
  title: string;
  /** What happens, in plain words (e.g. "kubeadm reset on every node; the cluster is gone"). */
  consequence: string;
  /** The text the user must type, e.g. the cluster name. */
  expected: string;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
}

/** For actions that cannot be undone: the button stays disabled until the name is typed. */
export function ConfirmByTyping({
  open,
  title,
  consequence,
  expected,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmByTypingProps): JSX.Element | null {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (open) setTyped('');
  }, [open]);
  const matches = typed === expected;
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      testId="confirm-typing"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn primary danger-fill"
            disabled={!matches}
            onClick={onConfirm}
            data-testid="confirm-typing-ok"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{consequence}</p>
      <TextField
        label={t('common.typeToConfirm', { text: expected })}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        data-testid="confirm-typing-input"
        onValue={setTyped}
      />
    </Dialog>
  );
}
