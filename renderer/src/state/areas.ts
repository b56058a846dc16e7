/** The app's areas in navigation order: Alt+1… follows the order of the visible ones. */
export const AREAS = [
  'nodes',
  'plan',
  'install',
  'terminals',
  'report',
  'history',
  'bundle',
] as const;
export type Area = (typeof AREAS)[number];

/**
 * The Bundle area is for machines without internet (issue 22): the navigation shows it only when
 * the user says so on the Plan screen, so a lab with internet sees one area less. The plan has no
 * field for it (nothing in the cluster changes), so the choice is this browser's, kept locally.
 */
export function visibleAreas(machinesOffline: boolean): readonly Area[] {
  return machinesOffline ? AREAS : AREAS.filter((a) => a !== 'bundle');
}
