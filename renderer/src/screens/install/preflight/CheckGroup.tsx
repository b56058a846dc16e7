import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckResult } from '../../../../../common/model/preflight';
import { CheckItem } from './CheckItem';
import { resultKey, type GroupId } from './groups';

/**
 * One group of results under its heading. Passed checks are a closed <details> (a native
 * disclosure: keyboard and screen readers work without help), the problems are always open.
 */
export function CheckGroup({
  id,
  results,
  names,
  onFix,
  fixDisabled,
}: {
  id: GroupId;
  results: readonly CheckResult[];
  names(ids: readonly string[]): string;
  onFix(r: CheckResult): void;
  fixDisabled: boolean;
}): JSX.Element | null {
  const { t } = useTranslation();
  if (results.length === 0) return null;
  const heading = t(`install.pf.group.${id}`, { count: results.length });
  const list = (
    <ul className="pf-list">
      {results.map((r) => (
        <CheckItem
          key={resultKey(r)}
          result={r}
          names={names}
          onFix={onFix}
          fixDisabled={fixDisabled}
        />
      ))}
    </ul>
  );
  if (id === 'pass') {
    return (
      <details className="pf-group" data-testid={`preflight-group-${id}`}>
        <summary className="pf-group-head">{heading}</summary>
        {list}
      </details>
    );
  }
  return (
    <section className="pf-group" data-testid={`preflight-group-${id}`} aria-label={heading}>
      <h3 className="pf-group-head">{heading}</h3>
      {list}
    </section>
  );
}
