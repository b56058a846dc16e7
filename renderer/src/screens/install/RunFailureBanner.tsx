import { memo, useMemo, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellRef } from '../../components/checklist/types';
import { useRunStore } from '../../state/runStore';
import {
  failedCausesKey,
  failedCellsKey,
  parseFailedCauses,
  parseFailedCells,
} from './failedTasks';

/**
 * After a failed run: which machines failed at which step, each a button to that cell's log and
 * diagnosis — a short summary instead of every node's full error text (that stays one click
 * away under "Full error", since with many failed machines it runs to pages).
 */
export const RunFailureBanner = memo(function RunFailureBanner({
  runError,
  machineCount,
  names,
  stepLabels,
  onSelect,
}: {
  runError: string;
  machineCount: number;
  names: ReadonlyMap<string, string>;
  stepLabels: ReadonlyMap<string, string>;
  onSelect(cell: CellRef): void;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const key = useRunStore((s) => failedCellsKey(s.tasks, s.stepIds, s.nodeIds));
  const failed = useMemo(() => parseFailedCells(key), [key]);
  // The root cause leads: each failed machine shows what its diagnosis found.
  const causesKey = useRunStore((s) => failedCausesKey(s.tasks, lang));
  const causes = useMemo(() => parseFailedCauses(causesKey), [causesKey]);
  const failedMachines = new Set(failed.map((c) => c.nodeId)).size;
  return (
    <div className="run-failure" role="alert" data-testid="run-failure">
      <p className="run-failure-title">
        {failed.length > 0
          ? t('install.failure.summary', { count: failedMachines, total: machineCount })
          : t('install.failure.noCell')}{' '}
        {failed.length > 0 && t('install.failure.hint')}
      </p>
      {failed.length > 0 && (
        <ul className="run-failure-cells">
          {failed.map((cell) => (
            <li key={`${cell.stepId}\t${cell.nodeId}`}>
              <button
                type="button"
                className="btn link"
                onClick={() => onSelect(cell)}
                data-testid={`run-failure-${cell.stepId}-${cell.nodeId}`}
              >
                <strong>{names.get(cell.nodeId) ?? cell.nodeId}</strong>
                {' · '}
                {stepLabels.get(cell.stepId) ?? cell.stepId}
              </button>
              {causes.has(`${cell.stepId}\t${cell.nodeId}`) && (
                <span
                  className="run-failure-cause"
                  data-testid={`run-failure-cause-${cell.stepId}-${cell.nodeId}`}
                >
                  {' — '}
                  {causes.get(`${cell.stepId}\t${cell.nodeId}`)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <details className="run-failure-full">
        <summary>{t('install.failure.full')}</summary>
        <pre data-testid="run-failure-full">{runError}</pre>
      </details>
    </div>
  );
});
