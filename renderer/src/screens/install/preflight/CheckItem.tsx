import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { isStepId, stepInfo } from '../../../../../common/catalog/steps';
import type { CheckResult } from '../../../../../common/model/preflight';
import { StatusIcon } from '../../../components/ui/StatusIcon';
import { canFix, groupOf, resultKey } from './groups';

const ICON = { block: 'failed', warn: 'blocked', unknown: 'pending', pass: 'ok' } as const;

/**
 * One check's result: what it is, on which machine(s), what it means in the user's language, the
 * evidence it saw (monospace, wrapped), the install step that will take care of it, and Fix.
 */
export function CheckItem({
  result: r,
  names,
  onFix,
  fixDisabled,
}: {
  result: CheckResult;
  names(ids: readonly string[]): string;
  /** Without it (a re-check shown in the fix dialog) no Fix button is drawn. */
  onFix?: (r: CheckResult) => void;
  fixDisabled?: boolean;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const group = groupOf(r);
  const step = r.fixedBy && isStepId(r.fixedBy) ? stepInfo(r.fixedBy).title[lang] : r.fixedBy;
  return (
    <li
      className={`pf-check pf-${group}`}
      data-testid={`check-${resultKey(r)}`}
      data-check={r.checkId}
      data-nodes={r.nodeIds.join(',')}
      data-status={r.status}
      data-severity={r.severity}
    >
      <div className="pf-check-head">
        <StatusIcon status={ICON[group]} label={t(`install.pf.badge.${group}`)} />
        <span className={`pf-badge pf-badge-${group}`}>{t(`install.pf.badge.${group}`)}</span>
        <code className="pf-check-id">{r.checkId}</code>
        <span className="pf-nodes" data-testid="check-nodes">
          {names(r.nodeIds)}
        </span>
        {onFix && canFix(r) && (
          <button
            type="button"
            className="btn pf-fix-button"
            disabled={fixDisabled ?? false}
            onClick={() => onFix(r)}
            data-testid="check-fix"
            aria-label={t('install.pf.fixLabel', { check: r.checkId, nodes: names(r.nodeIds) })}
          >
            {t('install.pf.fix')}
          </button>
        )}
      </div>
      <p className="pf-message" data-testid="check-message">
        {r.message[lang]}
      </p>
      {r.evidence && (
        <pre className="pf-evidence" data-testid="check-evidence">
          <span className="pf-evidence-label">{t('install.pf.evidence')}</span> {r.evidence}
        </pre>
      )}
      {step && (
        <p className="hint pf-fixed-by" data-testid="check-fixed-by">
          {t('install.pf.fixedBy', { step })}
        </p>
      )}
    </li>
  );
}
