import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface LabCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lab.sh <args>`; `onLine` gets each stderr line as it comes (lab.sh's progress). */
export type LabRunner = (
  args: string[],
  onLine?: (line: string) => void,
) => Promise<LabCommandResult>;

/**
 * The real runner: `bash <labDir>/lab.sh …` with kubelab's environment (LAB_INSTANCE, LAB_SUBNET
 * pass through). lab.sh runs in its own process group so a Ctrl-C at the terminal does not cut
 * an `up` half way: the caller lets it finish and then takes the lab down as a whole.
 */
export function labShRunner(labDir: string, env: NodeJS.ProcessEnv = process.env): LabRunner {
  return (args, onLine) =>
    new Promise((resolve, reject) => {
      const child = spawn('bash', [join(labDir, 'lab.sh'), ...args], {
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let partial = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        stderr += text;
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onLine?.(line);
      });
      child.once('error', reject);
      child.once('close', (code) => {
        if (partial.trim()) onLine?.(partial);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
}
