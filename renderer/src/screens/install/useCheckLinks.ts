import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TopologyLink } from '../../components/topology/types';
import { useChecksStore } from '../../state/checksStore';
import { useRunStore } from '../../state/runStore';
import { checkLinks } from './checks';

/** The topology's edges from the checks on screen and the run's end (checks.ts: checkLinks). */
export function useCheckLinks(): TopologyLink[] {
  const checks = useChecksStore(
    useShallow((s) => ({ run: s.run, verification: s.verification, showing: s.showing })),
  );
  const run = useRunStore(useShallow((s) => ({ outcome: s.outcome, finishedAt: s.finishedAt })));
  return useMemo(() => checkLinks(checks, run), [checks, run]);
}
