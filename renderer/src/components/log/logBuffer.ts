/**
 * A step's log as the viewer keeps it: complete lines, the unfinished tail, and how many of the
 * oldest lines were dropped to stay under the cap (a runaway `apt-get` must not eat the heap).
 */
export interface LogBuffer {
  readonly lines: readonly string[];
  readonly partial: string;
  readonly dropped: number;
}

export const EMPTY_LOG: LogBuffer = { lines: [], partial: '', dropped: 0 };
export const DEFAULT_CAP = 20_000;

// CSI and OSC sequences: colours and titles mean nothing in a plain-text log view.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Keeps what a terminal would show for a line redrawn with carriage returns (progress bars). */
function lastRedraw(line: string): string {
  const cr = line.lastIndexOf('\r');
  return cr >= 0 ? line.slice(cr + 1) : line;
}

export function appendLog(buffer: LogBuffer, text: string, cap = DEFAULT_CAP): LogBuffer {
  if (!text) return buffer;
  const clean = (buffer.partial + text.replace(ANSI, '')).replace(/\r\n/g, '\n');
  const parts = clean.split('\n');
  const partial = parts.pop() ?? '';
  if (parts.length === 0) return { ...buffer, partial };
  const lines = buffer.lines.concat(parts.map(lastRedraw));
  const over = Math.max(0, lines.length - cap);
  return {
    lines: over > 0 ? lines.slice(over) : lines,
    partial,
    dropped: buffer.dropped + over,
  };
}

/** Every line the viewer shows, the unfinished one included. */
export function visibleLines(buffer: LogBuffer): readonly string[] {
  return buffer.partial ? [...buffer.lines, lastRedraw(buffer.partial)] : buffer.lines;
}
