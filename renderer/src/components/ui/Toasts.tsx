import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useToasts } from '../../state/toastStore';
import './toasts.css';

/** The notification corner. Errors are announced assertively, the rest politely. */
export function Toasts(): JSX.Element {
  const { t } = useTranslation();
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" aria-label={t('common.notifications')} data-testid="toasts">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span className="toast-message">{toast.message}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('common.dismiss')}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
