/**
 * Quoting for data that goes to a remote bash. A value is wrapped in single quotes, and each
 * single quote inside becomes `'\''` (close, escaped quote, reopen): inside single quotes bash
 * gives no character a special meaning, so any string without NUL comes back byte for byte.
 * The round trip is tested against real bash in quote.test.ts.
 */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error('A shell value cannot contain a NUL byte.');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/**
 * `export NAME='value'` lines for an env map. Names are checked, never quoted: a name that is
 * not a shell identifier is refused rather than guessed at.
 */
export function envLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!isEnvName(name))
        throw new Error(`Invalid environment variable name: ${JSON.stringify(name)}`);
      return `export ${name}=${shQuote(value)}\n`;
    })
    .join('');
}
