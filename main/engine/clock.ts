let lastMs = Number.NaN;
let lastIso = '';

/**
 * The time now as an ISO 8601 string (what run events and task states carry). Formatted once
 * per millisecond: a 100-machine run makes many transitions in the same millisecond, and a
 * `Date` plus `toISOString()` each was a measurable share of the engine's CPU (issue 15).
 */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
