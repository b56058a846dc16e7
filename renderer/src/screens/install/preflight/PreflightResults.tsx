import { useMemo, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixOutcome, PreflightRun } from '../../../../../common/contracts/preflight';
import type { CheckResult } from '../../../../../common/model/preflight';
import { CheckGroup } from './CheckGroup';
import { FixDialog } from './FixDialog';
import { GROUP_ORDER, groupResults } from './groups';
import { PreflightSummary } from './PreflightSummary';
import { useNodeNames } from './useNodeNames';
import './preflight.css';

/**
 * A preflight run as the Install screen shows it: the summary line, then the results grouped
 * (blocking, warnings, not checked, passed), each with its Fix where one is offered. A fix's
 * outcome carries a whole new run, which replaces this one (`onRun`).
 */
export function PreflightResults({
  run,
  onRun,
  disabled,
}: {
  run: PreflightRun;
  onRun(run: PreflightRun): void;
  disabled: boolean;
}): JSX.Element {
  const { t } = useTranslation();
  const names = useNodeNames();
  const grouped = useMemo(() => groupResults(run.report.results), [run]);
  const [fixing, setFixing] = useState<CheckResult | undefined>();
  // The scripted back ends of older tests answer without it; a real run always has it.
  const unreachable = (run.unreachable as PreflightRun['unreachable'] | undefined) ?? [];

  return (
    <div className="pf-results" data-testid="preflight-results">
      <PreflightSummary grouped={grouped} durationMs={run.durationMs} />
      {unreachable.length > 0 && (
        <ul className="pf-unreachable" role="alert">
          {unreachable.map((u) => (
            <li key={u.nodeId} className="error-text">
              {t('install.pf.unreachable', { node: names([u.nodeId]), message: u.message })}
            </li>
          ))}
        </ul>
      )}
      {/* Its own scroll region: a long list must not push the topology and checklist away. */}
      <div
        className="pf-groups"
        role="region"
        aria-label={t('install.pf.results')}
        tabIndex={0}
        data-testid="preflight-groups"
      >
        {GROUP_ORDER.map((id) => (
          <CheckGroup
            key={id}
            id={id}
            results={grouped.groups[id]}
            names={names}
            onFix={setFixing}
            fixDisabled={disabled || fixing !== undefined}
          />
        ))}
      </div>
      {fixing && (
        <FixDialog
          result={fixing}
          onClose={() => setFixing(undefined)}
          onFixed={(outcome: FixOutcome) => onRun(outcome.run)}
        />
      )}
    </div>
  );
}
