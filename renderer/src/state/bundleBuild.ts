import type { BuildEvent } from '../../../common/bundle/buildEvents';

/**
 * A bundle build as the Bundle page shows it, folded from `bundle.buildProgress` events
 * (common/bundle/buildEvents.ts). Pure, so the page's numbers are tested without a back end.
 */
export const ARTIFACT_PHASES = ['waiting', 'downloading', 'reused', 'done'] as const;
export type ArtifactPhase = (typeof ARTIFACT_PHASES)[number];

export interface ArtifactProgress {
  id: string;
  phase: ArtifactPhase;
  /** Bytes downloaded so far (this attempt), or the final size once done. */
  bytes: number;
  total?: number;
  /** Bytes per second of the current attempt; 0 when not downloading. */
  speed: number;
  etaSeconds?: number;
  /** The URL being downloaded, or the source it came from once done. */
  from?: string;
  /** Mirrors that failed before the one that worked (a checksum mismatch names both sums). */
  failures: { profile: string; location: string; error: string }[];
}

export interface BuildProgress {
  /** From `resolved`: the artifact count, the sizes known before download, the unsized count. */
  artifacts: number;
  knownBytes: number;
  unsized: number;
  skipped: { id: string; reason: string }[];
  /** Artifacts in the order the build started them. */
  order: string[];
  byId: Record<string, ArtifactProgress>;
  written?: { path: string; fileBytes: number; contentBytes: number };
}

export const EMPTY_PROGRESS: BuildProgress = {
  artifacts: 0,
  knownBytes: 0,
  unsized: 0,
  skipped: [],
  order: [],
  byId: {},
};

function withArtifact(
  state: BuildProgress,
  id: string,
  update: (current: ArtifactProgress) => ArtifactProgress,
): BuildProgress {
  const current = state.byId[id] ?? { id, phase: 'waiting', bytes: 0, speed: 0, failures: [] };
  const order = state.byId[id] ? state.order : [...state.order, id];
  return { ...state, order, byId: { ...state.byId, [id]: update(current) } };
}

export function reduceBuildEvent(state: BuildProgress, event: BuildEvent): BuildProgress {
  switch (event.kind) {
    case 'resolved':
      // A new build (or a resume) starts over: what an earlier attempt showed no longer holds.
      return {
        ...EMPTY_PROGRESS,
        artifacts: event.artifacts,
        knownBytes: event.knownBytes,
        unsized: event.unsized,
        skipped: event.skipped,
      };
    case 'artifact':
      return withArtifact(state, event.id, (a) => ({
        ...a,
        phase: event.state,
        bytes: 0,
        speed: 0,
        failures: [],
      }));
    case 'progress':
      return withArtifact(state, event.id, (a) => {
        const next: ArtifactProgress = {
          ...a,
          phase: 'downloading',
          bytes: event.bytes,
          speed: event.speed,
          from: event.url,
        };
        if (event.total !== undefined) next.total = event.total;
        if (event.etaSeconds !== undefined) next.etaSeconds = event.etaSeconds;
        else delete next.etaSeconds;
        return next;
      });
    case 'done':
      return withArtifact(state, event.id, (a) => {
        const { etaSeconds: _eta, ...rest } = a;
        return {
          ...rest,
          // A reused download stays "reused": it says the resume worked.
          phase: a.phase === 'reused' ? 'reused' : 'done',
          bytes: event.bytes,
          total: event.bytes,
          speed: 0,
          from: event.source.location,
          failures: event.failures.map((f) => ({ ...f.source, error: f.error })),
        };
      });
    case 'written':
      return {
        ...state,
        written: { path: event.path, fileBytes: event.fileBytes, contentBytes: event.contentBytes },
      };
  }
}

export interface BuildTotals {
  /** Artifacts finished (downloaded or reused) of all artifacts. */
  finished: number;
  of: number;
  /**
   * Bytes downloaded: finished artifacts' sizes plus the running downloads' bytes so far. A reused
   * download is not counted (its event carries no size), so the ETA after a resume errs long.
   */
  bytes: number;
  /** The larger of the sizes known before download and the bytes in hand (unsized ones grow it). */
  expectedBytes: number;
  /** Bytes per second over the downloads running now. */
  speed: number;
  /** Seconds left for the known bytes at the current speed; unset when nothing moves. */
  etaSeconds?: number;
}

export function buildTotals(state: BuildProgress): BuildTotals {
  let finished = 0;
  let bytes = 0;
  let speed = 0;
  for (const id of state.order) {
    const a = state.byId[id];
    if (!a) continue;
    if (a.phase === 'done' || a.phase === 'reused') finished += 1;
    bytes += a.bytes;
    if (a.phase === 'downloading') speed += a.speed;
  }
  const expectedBytes = Math.max(state.knownBytes, bytes);
  const totals: BuildTotals = { finished, of: state.artifacts, bytes, expectedBytes, speed };
  if (speed > 0 && !state.written) totals.etaSeconds = Math.max(0, (expectedBytes - bytes) / speed);
  return totals;
}
