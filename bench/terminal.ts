/**
 * Terminal (design §7, issue 5 "Benchmarks"), on a practice-lab node through the real path:
 * ssh2 pty shell in `kubelab serve` → contract WebSocket (`terminal.data` as binary frames of raw
 * bytes, the first at once and then batched ~5 ms while output streams, acked as xterm.js writes
 * them) → web bridge → xterm.js in Debian's Chromium (headless, the project's flags; the renderer
 * xterm.js used, WebGL or DOM, is printed per round). The terminal is opened the way a user
 * does: Terminals → "Open terminal" on the node; keys go in through xterm's textarea
 * (Playwright keyboard).
 *
 *  (a) throughput: `cat` of a 20 MiB text file (base64, 100-column lines) then `echo DONE-$((6*7))`;
 *      time from the Enter keydown in the page to "DONE-42" drawn in the rows, vs the wall time of
 *      `ssh node cat file > /dev/null` (OpenSSH, lab key, no pty). Goal: ratio ssh/kubelab ≥ 0.5.
 *  (b) keystroke echo: KEYS characters typed one at a time after `# ` (a comment, nothing runs);
 *      per key, time from its keydown in the page to the rows showing it. Goal: p95 ≤ 15 ms.
 *  (c) Ctrl-C: `yes` runs for 1 s, then ^C; time from the ^C keydown to the prompt drawn again
 *      (the last line is `root@node:~#` again). Goal: ≤ 500 ms.
 * Page times are taken in the page (keydown → DOM mutation → a MessageChannel task after the
 * rendering task, i.e. after xterm's frame is painted), so Node ↔ page latency is not in them.
 *
 *   LAB_INSTANCE=5 bash tests/lab/lab.sh up guide      # first; `… down` afterwards
 *   LAB_INSTANCE=5 npx jiti bench/terminal.ts [rounds=3] [node=node1] [keys=40]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import {
  fmt,
  launchChromium,
  loadavg,
  machine,
  median,
  openArea,
  percentile,
  sleep,
  startServe,
} from './lib/browserBench';

const args = process.argv.slice(2);
const ROUNDS = Number(args[0] ?? '3');
const NODE = args[1] ?? 'node1';
const KEYS = Number(args[2] ?? '40');
const INSTANCE = process.env.LAB_INSTANCE ?? '5';
const LAB_ENV = { ...process.env, LAB_INSTANCE: INSTANCE };
const FILE = '/tmp/20mb';
const SIZE = 20 * 2 ** 20;

interface LabStatus {
  keyPath: string;
  knownHostsPath: string;
  nodes: { name: string; address: string }[];
}

const status = JSON.parse(
  execFileSync('bash', ['tests/lab/lab.sh', 'status', '--json'], {
    env: LAB_ENV,
    encoding: 'utf8',
  }),
) as LabStatus;
const address = status.nodes.find((n) => n.name === NODE)?.address;
if (!address) throw new Error(`lab instance ${INSTANCE} has no node ${NODE}; is it up?`);
const sshArgs = [
  '-i',
  status.keyPath,
  '-o',
  `UserKnownHostsFile=${status.knownHostsPath}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'BatchMode=yes',
  `root@${address}`,
];

function ssh(command: string): void {
  const r = spawnSync('ssh', [...sshArgs, command], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`ssh ${command}: ${String(r.stderr)}`);
}

/** Wall ms of `ssh node cat FILE > /dev/null` (a fresh connection, as the goal states). */
function sshCatMs(): number {
  const t0 = performance.now();
  ssh(`cat ${FILE}`);
  return performance.now() - t0;
}

function projectFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-bench-terminal-'));
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(
    project,
    execFileSync('bash', ['tests/lab/lab.sh', 'project'], { env: LAB_ENV, encoding: 'utf8' }),
  );
  return project;
}

/**
 * Runs in the page. `__term.arm(kind, arg)` starts a measurement at the next keydown; each DOM
 * change of the rows is checked (after the rendering task, via a MessageChannel) for the goal:
 * 'text' — the rows contain arg; 'prompt' — the last line is a prompt (`user@host:dir#`).
 */
const INSTRUMENT = `(() => {
  const rows = document.querySelector('.xterm-rows');
  const area = document.querySelector('.xterm-helper-textarea');
  const state = { kind: '', arg: '', t0: 0, result: -1 };
  const text = () => rows.textContent.replace(/\\u00a0/g, ' ');
  const check = () => {
    if (!state.kind || state.t0 === 0 || state.result >= 0) return;
    let ok = false;
    if (state.kind === 'text') ok = text().includes(state.arg);
    else {
      const lines = [...rows.children].map((r) => r.textContent.replace(/\\u00a0/g, ' ').trimEnd());
      const last = lines.filter((l) => l.length > 0).pop() || '';
      ok = /@[^ ]*[#$]$/.test(last);
    }
    if (ok) state.result = performance.now() - state.t0;
  };
  let posted = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { posted = false; check(); };
  new MutationObserver(() => {
    if (!posted) { posted = true; channel.port2.postMessage(0); }
  }).observe(rows, { subtree: true, childList: true, characterData: true });
  area.addEventListener('keydown', (e) => {
    if (state.kind && state.t0 === 0) state.t0 = e.timeStamp || performance.now();
  }, true);
  window.__term = {
    arm(kind, arg) { state.kind = kind; state.arg = arg; state.t0 = 0; state.result = -1; },
    result() { return state.result; },
  };
})()`;

async function measure(
  page: Page,
  kind: 'text' | 'prompt',
  arg: string,
  key: string,
): Promise<number> {
  await page.evaluate(`window.__term.arm(${JSON.stringify(kind)}, ${JSON.stringify(arg)})`);
  await page.keyboard.press(key);
  // Polled from here: the page's CSP forbids the string evaluation waitForFunction needs.
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const result = Number(await page.evaluate('window.__term.result()'));
    if (result >= 0) return result;
    await sleep(10);
  }
  await page.screenshot({ path: 'test-results/bench-terminal-timeout.png' });
  throw new Error(`no ${kind} ${arg} within 180 s (test-results/bench-terminal-timeout.png)`);
}

interface Round {
  load: string;
  sshMs: number;
  kubelabMs: number;
  echo: number[];
  ctrlC: number;
}

async function round(index: number): Promise<Round> {
  const load = loadavg();
  const sshMs = sshCatMs();
  const served = await startServe(projectFile());
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openArea(page, served.url, 'terminals');
    await page.getByTestId(`open-terminal-${NODE}`).click();
    const rows = page.locator('.xterm-rows');
    await expect(rows).toContainText(/[#$]/, { timeout: 30_000 });
    const renderer = await page.locator('.terminal-host').first().getAttribute('data-renderer');
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.evaluate(INSTRUMENT);

    // (a) 20 MiB cat, then the marker.
    await page.keyboard.type(`clear; cat ${FILE}; echo DONE-$((6*7))`);
    const kubelabMs = await measure(page, 'text', 'DONE-42', 'Enter');

    // (b) keystroke echo after a comment sign.
    await page.keyboard.type('clear\n');
    await expect(rows).not.toContainText('DONE-42');
    await page.keyboard.type('# ');
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let typed = '# ';
    const echo: number[] = [];
    for (let i = 0; i < KEYS; i += 1) {
      const ch = alphabet[i % alphabet.length] ?? 'x';
      typed += ch;
      echo.push(await measure(page, 'text', typed, ch));
    }
    await page.keyboard.press('Control+u');

    // (c) Ctrl-C on `yes`.
    await page.keyboard.type('clear\n');
    await page.keyboard.type('yes\n');
    await page.waitForTimeout(1000);
    const ctrlC = await measure(page, 'prompt', '', 'Control+c');

    const r: Round = { load, sshMs, kubelabMs, echo, ctrlC };
    process.stdout.write(
      `round ${index + 1}: cat ssh ${fmt(sshMs, 0)} ms, kubelab ${fmt(kubelabMs, 0)} ms, ratio ` +
        `${fmt(sshMs / kubelabMs, 2)}; echo p50 ${fmt(percentile(echo, 50))} p95 ` +
        `${fmt(percentile(echo, 95))} max ${fmt(percentile(echo, 100))} ms; Ctrl-C ${fmt(ctrlC, 0)} ms; ` +
        `load ${load}; renderer ${renderer ?? '?'}\n`,
    );
    return r;
  } finally {
    await browser.close();
    await served.stop();
  }
}

process.stdout.write(
  `terminal: lab instance ${INSTANCE}, ${NODE} (${address}), ${ROUNDS} rounds\n${machine()}\n` +
    `${new Date().toISOString()}\n`,
);
ssh(`base64 -w 100 /dev/urandom | head -c ${SIZE} > ${FILE}`);
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i += 1) rounds.push(await round(i));
ssh(`rm -f ${FILE}`);
const m = (f: (r: Round) => number, d = 1): string => fmt(median(rounds.map(f)), d);
process.stdout.write(
  `\n| ssh cat (ms) | kubelab cat (ms) | ratio ssh/kubelab | echo p95 per round (ms) | ` +
    `echo p95 median | Ctrl-C (ms) | load at start |\n` +
    `| ${rounds.map((r) => fmt(r.sshMs, 0)).join(', ')} | ` +
    `${rounds.map((r) => fmt(r.kubelabMs, 0)).join(', ')} | **${m((r) => r.sshMs / r.kubelabMs, 2)}** | ` +
    `${rounds.map((r) => fmt(percentile(r.echo, 95))).join(', ')} | **${m((r) => percentile(r.echo, 95))}** | ` +
    `${rounds.map((r) => fmt(r.ctrlC, 0)).join(', ')} (median **${m((r) => r.ctrlC, 0)}**) | ` +
    `${rounds.map((r) => r.load.split(' ')[0]).join(', ')} |\n`,
);
