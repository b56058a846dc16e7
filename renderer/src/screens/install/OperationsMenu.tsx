import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationInfo } from '../../../../common/catalog/operations';

export interface OperationsMenuProps {
  /** The operations offered for the cluster as recorded (operationsMenu.ts menuOperations). */
  offered: readonly OperationInfo[];
  disabled: boolean;
  onChoose(operation: OperationInfo): void;
}

/** The toolbar's Operations button and its list, generated from the operation catalog. */
export function OperationsMenu({ offered, disabled, onChoose }: OperationsMenuProps): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const [open, setOpen] = useState(false);
  return (
    <div className="operations-menu">
      <button
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled || offered.length === 0}
        title={offered.length === 0 ? t('operations.none') : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="operations-menu"
      >
        {t('operations.menu')}
      </button>
      {open && (
        <ul role="menu" className="operations-list">
          {offered.map((o) => (
            <li key={o.id} role="none">
              <button
                type="button"
                role="menuitem"
                title={o.summary[lang]}
                onClick={() => {
                  setOpen(false);
                  onChoose(o);
                }}
                data-testid={`operation-${o.id}`}
              >
                {o.title[lang]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
