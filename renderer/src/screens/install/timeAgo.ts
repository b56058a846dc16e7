const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * A result's age in the user's language ("5 minutes ago", "5分钟前"), by the largest whole unit;
 * under a minute is "now". The browser's Intl does the wording and the plurals.
 */
export function timeAgo(iso: string, lang: string, now: number = Date.now()): string {
  const ms = Math.max(0, now - Date.parse(iso));
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (ms >= size) return format.format(-Math.floor(ms / size), unit);
  }
  return format.format(0, 'second');
}
