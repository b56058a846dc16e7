import { createInterface } from 'node:readline/promises';

/** The terminal streams a prompt needs; tests pass fakes. */
export interface PromptStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Questions to the person at the terminal. `interactive` is false when nobody can answer. */
export interface Prompter {
  readonly interactive: boolean;
  /** One line, echoed (a yes/no question). */
  ask(question: string): Promise<string>;
  /** One line, not echoed (a password or passphrase). */
  askSecret(question: string): Promise<string>;
}

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Reads a line with the terminal in raw mode so nothing typed is echoed (like ssh's password
 * prompt). Backspace edits, Ctrl-C and Ctrl-D without input cancel. The secret never leaves this
 * function except as its result.
 */
function readHidden(streams: PromptStreams, question: string): Promise<string> {
  const { input, output } = streams;
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error): void => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new PromptCancelled());
        if (ch === '\u0004') {
          if (value === '') return done(new PromptCancelled());
          return done();
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015')
          value = ''; // Ctrl-U, as in a tty's line discipline
        else if (ch >= ' ') value += ch;
      }
    };
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}

/** A prompter on the process's terminal: questions on stderr so stdout stays machine-readable. */
export function terminalPrompter(
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Prompter {
  const interactive = streams.input.isTTY === true;
  return {
    interactive,
    async ask(question) {
      if (!interactive) throw new PromptCancelled();
      const rl = createInterface({ input: streams.input, output: streams.output, terminal: true });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    askSecret(question) {
      if (!interactive) return Promise.reject(new PromptCancelled());
      return readHidden(streams, question);
    },
  };
}

/** A prompter for runs where nobody can answer (pipes, CI): every question is refused. */
export const noPrompter: Prompter = {
  interactive: false,
  ask: () => Promise.reject(new PromptCancelled()),
  askSecret: () => Promise.reject(new PromptCancelled()),
};

/** All of a stream (for `--stdin`), without the one trailing newline `echo` adds. */
export async function readAllInput(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
