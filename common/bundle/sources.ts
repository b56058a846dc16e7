import type { ResolvedVersion } from '../catalog/images';
import { MIRROR_PROFILES } from '../catalog/mirrors';
import type { ClusterPlan } from '../model/plan';
import { effectiveMirrors, type EffectiveMirrors } from '../plan/effectiveMirrors';

/** One place artifacts can come from: the plan's own mirrors, or another profile as fallback. */
export interface MirrorChoice {
  /** `plan`, or the fallback profile's id. */
  profile: string;
  mirrors: EffectiveMirrors;
}

/**
 * The plan's effective mirrors (its profile with its overrides) first, then every other stock
 * profile untouched, in catalog order: a download that fails or mismatches on one is tried on the
 * next (issue 22: "per-artifact fallbacks"). The plan's own profile is not repeated without its
 * overrides: an override is there because the stock URL does not work for this user.
 */
export function mirrorChoices(plan: ClusterPlan, v: ResolvedVersion): MirrorChoice[] {
  const choices: MirrorChoice[] = [{ profile: 'plan', mirrors: effectiveMirrors(plan, v) }];
  for (const id of MIRROR_PROFILES) {
    if (id === plan.mirrorProfile) continue;
    const stock: ClusterPlan = { ...plan, mirrorProfile: id, mirrors: {} };
    delete stock.imageRepository;
    choices.push({ profile: id, mirrors: effectiveMirrors(stock, v) });
  }
  return choices;
}
