/**
 * Redaction for everything a report contains (issue 9, design §8). Stricter than the engine's
 * log redaction (main/engine/redact.ts), because a report leaves the machine: any 64-hex run is
 * taken for a certificate key (a CA hash goes too — harmless), PEM private keys go as a block,
 * and `password=` / `passphrase:` style values go whatever their key's spelling. Over-redacting
 * is the safe direction here.
 */
export const REDACTED = '<redacted>';

/** kubeadm bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}`; no word boundary, so glued text is caught. */
const TOKEN = /[a-z0-9]{6}\.[a-z0-9]{16}/g;
/** `kubeadm init phase upload-certs` prints 32 random bytes as 64 hex digits. */
const HEX64 = /[0-9a-fA-F]{64}/g;
/** What the engine redacts after a flag: shorter hex keys too. */
const CERT_KEY_ARG =
  /(--certificate-key[= ]+|certificate-?key["']?\s*[:=]\s*)["']?[0-9a-fA-F]{16,}["']?/gi;
/** A PEM private key block, also when its END line was cut off. */
const PEM =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** `password: x`, `"passphrase": "x"`, `secret=x`, `密码：x`. */
const KEY_VALUE =
  /((?:pass(?:word|wd|phrase)|secret|密码|口令)["']?\s*[:=：]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi;
/** `--password x`, `--passphrase=x`, `sshpass -p x`. */
const FLAG_VALUE = /(--pass(?:word|phrase)[= ]+|sshpass\s+-p\s*)("[^"]*"|'[^']*'|\S+)/gi;

/** Shorter known values would turn ordinary words into holes in the report. */
const MIN_KNOWN_SECRET = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly known: RegExp | undefined;

  /**
   * `checksums`: 64-hex values that are SHA-256 checksums of the user's own files (an etcd
   * snapshot's), not keys: kept where HEX64 would remove them, so a download can be checked.
   */
  constructor(
    knownSecrets: readonly string[] = [],
    private readonly marker = REDACTED,
    private readonly checksums: ReadonlySet<string> = new Set(),
  ) {
    const values = [...new Set(knownSecrets)]
      .filter((s) => s.length >= MIN_KNOWN_SECRET)
      // Longest first, so a secret that contains another is removed whole.
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    this.known = values.length > 0 ? new RegExp(values.join('|'), 'g') : undefined;
  }

  text(text: string): string {
    const m = this.marker;
    let out = this.known ? text.replace(this.known, m) : text;
    out = out.replace(PEM, m);
    out = out.replace(CERT_KEY_ARG, `$1${m}`);
    out = out.replace(FLAG_VALUE, `$1${m}`);
    out = out.replace(KEY_VALUE, `$1${m}`);
    return out.replace(TOKEN, m).replace(HEX64, (hex) => (this.checksums.has(hex) ? hex : m));
  }

  /** A copy of a JSON-like value with every string redacted (object keys are ours). */
  deep<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }
}

/** Redacts one text with the patterns only. */
export function redactText(text: string): string {
  return new Redactor().text(text);
}
