import type { TerminalSource } from '../src/components/terminal/terminalSource';

/**
 * A stand-in shell for the preview: echoes what is typed, answers `hostname`, and records what
 * reached it so a test can check resizes and keystrokes.
 */
export interface EchoSource extends TerminalSource {
  readonly written: string[];
  readonly sizes: [number, number][];
  acked: number;
}

export function createEchoSource(host: string): EchoSource {
  const listeners = new Set<(chunk: string) => void>();
  let line = '';
  const emit = (text: string): void => {
    for (const l of listeners) l(text);
  };
  const prompt = `\x1b[32mroot@${host}\x1b[0m:~# `;
  const source: EchoSource = {
    written: [],
    sizes: [],
    acked: 0,
    write(data) {
      source.written.push(data);
      for (const ch of data) {
        if (ch === '\r') {
          const out =
            line.trim() === 'hostname'
              ? `${host}\r\n`
              : line.trim()
                ? `ran: ${line.trim()}\r\n`
                : '';
          emit(`\r\n${out}${prompt}`);
          line = '';
        } else if (ch === '\x15') {
          line = '';
          emit(`\r\x1b[K${prompt}`);
        } else if (ch === '\x7f') {
          if (line) {
            line = line.slice(0, -1);
            emit('\b \b');
          }
        } else {
          line += ch;
          emit(ch);
        }
      }
    },
    resize(cols, rows) {
      source.sizes.push([cols, rows]);
    },
    onData(listener) {
      listeners.add(listener);
      setTimeout(
        () => emit(`Welcome to ${host} (see https://kubernetes.io/docs/)\r\n${prompt}`),
        0,
      );
      return () => listeners.delete(listener);
    },
    ack(chars) {
      source.acked += chars;
    },
  };
  return source;
}
