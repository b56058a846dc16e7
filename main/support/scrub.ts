import { REDACTED, redact } from '../engine/redact';

/** Shorter values are not replaced verbatim: a two-letter password would blank every "ab". */
const MIN_VERBATIM = 4;

/**
 * What removes secrets from every file of a support bundle: the engine's redaction (bootstrap
 * tokens, certificate keys — the same as the logs on disk, applied again in case a file was
 * written before a rule existed) and, verbatim, every secret kubelab holds for this project (the
 * nodes' passwords and key passphrases from the keychain, vault or KUBELAB_PASSWORD_* variables,
 * and the vault's own passphrase).
 */
export function secretScrubber(known: readonly string[]): (text: string) => string {
  const verbatim = [...new Set(known.filter((s) => s.length >= MIN_VERBATIM))].sort(
    (a, b) => b.length - a.length, // the longest first, so one secret inside another goes whole
  );
  return (text) => {
    let out = redact(text);
    for (const secret of verbatim) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** The secrets a process was handed in its environment (`kubelab serve`, the CLI). */
export function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  return (
    Object.entries(env)
      // main/store/secretsEnv.ts: KUBELAB_PASSWORD[_<NODE>], KUBELAB_PASSPHRASE[_<NODE>].
      .filter(([k]) => /^KUBELAB_(PASSWORD|PASSPHRASE|VAULT_PASSPHRASE)(_|$)/.test(k))
      .map(([, v]) => v ?? '')
      .filter((v) => v.length > 0)
  );
}
