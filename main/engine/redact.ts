/**
 * Secrets that must never reach a log file, an event or an error message (design §8): kubeadm
 * bootstrap tokens and the certificate key that lets a node join as a control plane.
 */
const TOKEN = /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g;
const CERT_KEY =
  /(--certificate-key[= ]+|certificate-key:\s*|certificateKey[:=]\s*)["']?[0-9a-fA-F]{16,}["']?/g;
/**
 * kubeadm init --upload-certs prints the key alone on the line after "[upload-certs] Using
 * certificate key:" (`fmt.Printf("[upload-certs] Using certificate key:\n%s\n", ...)`,
 * cmd/kubeadm/app/cmd/phases/init/uploadcerts.go). A line of exactly 64 hex digits is one.
 */
const BARE_CERT_KEY = /^([ \t]*)[0-9a-fA-F]{64}([ \t]*\r?)$/gm;

export const REDACTED = '<redacted>';

/** Replaces every token and certificate key in `text`. */
export function redact(text: string): string {
  return text
    .replace(TOKEN, REDACTED)
    .replace(CERT_KEY, `$1${REDACTED}`)
    .replace(BARE_CERT_KEY, `$1${REDACTED}$2`);
}

/** Redacts every value of an environment map (the keys are ours, the values may be secrets). */
export function redactEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = redact(v);
  return out;
}

/**
 * Redacts a stream. A secret can be split across two chunks, so text is released only up to the
 * last line break and the rest waits for the next chunk (or flush). Secrets never span lines.
 */
export class LineRedactor {
  private pending = '';

  /** Bytes received but not yet released: the persisted log offset excludes them. */
  get pendingBytes(): number {
    return Buffer.byteLength(this.pending);
  }

  /** Returns the redacted complete lines of `chunk` (possibly ''), keeping the partial tail. */
  push(chunk: string): string {
    const text = this.pending + chunk;
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
    // A line longer than 64 KiB is released anyway rather than held forever.
    if (cut === 0 && text.length < 65536) {
      this.pending = text;
      return '';
    }
    const end = cut === 0 ? text.length : cut;
    this.pending = text.slice(end);
    return redact(text.slice(0, end));
  }

  /** Releases whatever is left (end of the stream). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest ? redact(rest) : '';
  }
}
