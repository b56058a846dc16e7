/**
 * UI scale (design §7, issue 5 "Benchmarks"): 100 nodes × 25 steps with 1000 status events a
 * second, the UI keeps up — event-to-paint p95 ≤ 100 ms — and the renderer's heap is reported.
 *
 * What runs: the real `kubelab serve` (built CLI, bin/kubelab.js) serving the real renderer to
 * Debian's Chromium (headless, the project's flags). A tap sits on the contract WebSocket, as
 * tests/e2e/support/wsTap.ts does: `install.state` is answered with an active run of 100 × 25
 * pending tasks, everything else goes to the server. The tap is bench/lib/wsProxy.ts, a real
 * WebSocket proxy (the page keeps a native browser WebSocket, as in use) rather than wsTap.ts's
 * Playwright route, so no test machinery sits in the page's message path (both were tried: the
 * product's frames, not the delivery, were the cost). Then `task-state` events (running ↔ done, alternating per
 * cell, cells in a shuffled round-robin so one cell changes every 2.5 s) are pushed through the
 * tap at RATE events/s for SECONDS seconds, each stamped in Node with its send time (wall clock,
 * sub-ms). In the page a MutationObserver on the checklist sees each cell's `data-status` change;
 * a MessageChannel message posted from that callback runs after the rendering task that made
 * the change (React commits inside the store's per-frame requestAnimationFrame flush, so the task
 * ends with that frame's paint) and stamps "painted". Latency = painted − sent, per event, matched
 * by cell and order. The path measured: Node → WebSocket proxy → page WebSocket → web bridge →
 * install store queue → rAF batch → reducer → React → DOM → paint.
 *
 * Which events are timed: the checklist is a windowed grid (it draws the cells in view, a few
 * rows and columns of overscan and the focused cell, not all 2 500), and the page does not scroll
 * during a round. Event-to-paint is measured for the events of the cells ON SCREEN when the round
 * starts (inside the grid's viewport, clear of its sticky headers; ~55 cells at 1440 × 1100, so
 * ~2 % of the events, ~260 per 12 s round at 1000 ev/s). Every event, on screen or not, goes the
 * whole path up to the store and its reducer, so the timed ones pay for all the others' work.
 * Events of the other cells have no element to paint: they are counted as delivered to the store,
 * and checked so — after the drain the bench scrolls the whole grid and reads every cell's drawn
 * status, which must be the status of that cell's last event (pending for a cell that had none);
 * a cell whose final status is wrong counts its events as missing. Intermediate states of
 * off-screen cells are not observable in the page and are not checked.
 * Heap: CDP Runtime.getHeapUsage (used JS heap) before, sampled each second during (peak), and
 * after a forced GC at the end. Frames: rAF intervals during the run (p95, longest).
 *
 *   npx jiti bench/ui-scale.ts [rounds=3] [seconds=12] [rate=1000] [--profile] [--trace]
 *                              [--reduced-motion]
 * --reduced-motion: the page prefers reduced motion (no spinning icons on running cells), to
 * separate the cost of ~1 250 CSS animations from the rest.
 *
 * --profile: a CDP CPU profile of the renderer while events are sent; prints the functions with
 * the most self and total time (minified bundle: position and a snippet of the code there).
 * --trace: a Chromium trace (devtools.timeline) of the same window; prints main-thread time by
 * event (script, style, layout, paint, …) to say where "(program)" time goes.
 *
 * Prints one line per round and a Markdown row of medians over rounds for bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type CDPSession, type Page } from '@playwright/test';
import { INSTALL_STEP_IDS } from '../common/catalog/steps';
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
  wallNow,
} from './lib/browserBench';
import { startProxy } from './lib/wsProxy';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const PROFILE = process.argv.includes('--profile');
const TRACE = process.argv.includes('--trace');
const REDUCED_MOTION = process.argv.includes('--reduced-motion');
const ROUNDS = Number(args[0] ?? '3');
const SECONDS = Number(args[1] ?? '12');
const RATE = Number(args[2] ?? '1000');
const NODES = 100;
const STEPS = 25;
const RUN = 'r-bench-ui-scale';
const DRAIN_MS = 120_000;

const stepIds: string[] = [
  ...INSTALL_STEP_IDS,
  ...Array.from(
    { length: STEPS - INSTALL_STEP_IDS.length },
    (_, i) => `bench-step-${String(i + 1).padStart(2, '0')}`,
  ),
];
const nodeIds = Array.from({ length: NODES }, (_, i) => `node${String(i + 1).padStart(3, '0')}`);
const cellKeys = stepIds.flatMap((s) => nodeIds.map((n) => ({ stepId: s, nodeId: n })));

/** Runs in the page: stamps every checklist cell status change once its frame has painted. */
const INSTRUMENT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const table = document.querySelector('[data-testid="checklist"]');
  const keyOf = (el) => el.dataset.step + '/' + el.dataset.node;
  // On screen: inside the grid's client box, right of the sticky step names and below the sticky
  // node names (the corner header's edges).
  const onScreen = () => {
    const box = table.getBoundingClientRect();
    const corner = table.querySelector('[role="columnheader"]').getBoundingClientRect();
    const left = corner.right, top = corner.bottom;
    const right = box.left + table.clientLeft + table.clientWidth;
    const bottom = box.top + table.clientTop + table.clientHeight;
    const keys = [];
    for (const el of table.querySelectorAll('[role="gridcell"]')) {
      const r = el.getBoundingClientRect();
      if (r.right > left && r.left < right && r.bottom > top && r.top < bottom) keys.push(keyOf(el));
    }
    return keys;
  };
  // Scrolls the whole grid (half a viewport at a time; the grid draws its overscan beyond) and
  // reads every cell's drawn status; scrolls back to the top left.
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const scan = async () => {
    const out = {};
    const dy = Math.max(1, Math.floor(table.clientHeight / 2));
    const dx = Math.max(1, Math.floor(table.clientWidth / 2));
    for (let top = 0; ; top += dy) {
      for (let left = 0; ; left += dx) {
        table.scrollTo(left, top);
        await frame();
        for (const el of table.querySelectorAll('[role="gridcell"]')) out[keyOf(el)] = el.dataset.status;
        if (left >= table.scrollWidth - table.clientWidth) break;
      }
      if (top >= table.scrollHeight - table.clientHeight) break;
    }
    table.scrollTo(0, 0);
    await frame();
    return out;
  };
  const pending = [];
  const painted = [];
  let timed = new Set();
  const frames = [];
  let posted = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    posted = false;
    const t = now();
    for (const p of pending) painted.push([p[0], p[1], p[2], t]);
    pending.length = 0;
  };
  new MutationObserver((records) => {
    const t = now();
    for (const r of records) {
      const el = r.target;
      const key = keyOf(el);
      if (timed.has(key)) pending.push([key, el.dataset.status, t]);
    }
    if (!posted) { posted = true; channel.port2.postMessage(0); }
  }).observe(table, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  let last = 0;
  let recording = false;
  const loop = (ts) => {
    if (recording && last > 0) frames.push(ts - last);
    last = ts;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  window.__bench = {
    start(keys) { timed = new Set(keys); recording = true; painted.length = 0; frames.length = 0; },
    count() { return painted.length; },
    stop() { recording = false; return { painted: painted.splice(0), frames: frames.splice(0) }; },
    onScreen,
    scan,
    visibility: document.visibilityState,
  };
})()`;

type Painted = [key: string, status: string, mutatedAt: number, paintedAt: number];

interface Round {
  sent: number;
  sendSeconds: number;
  /** Cells on screen (timed) and their events; painted in order or missing (never painted). */
  onScreenCells: number;
  timed: number;
  matched: number;
  missing: number;
  /** Events of the other cells, and how many of those cells showed their last event's status. */
  offScreen: number;
  deliveredCells: number;
  offScreenCells: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  heapBeforeMb: number;
  heapPeakMb: number;
  heapAfterGcMb: number;
  frameP95: number;
  frameMax: number;
  load: string;
  visibility: string;
  /** The renderer bundle the page loaded (out/ is rebuilt by whoever builds). */
  bundle: string;
}

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

async function heapMb(cdp: CDPSession): Promise<number> {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

type CpuProfile = Awaited<ReturnType<CDPSession['send']>> & {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
};

function snippet(url: string, line: number, column: number): string {
  const m = /\/assets\/([^/?#]+\.js)$/.exec(url);
  if (!m?.[1]) return '';
  try {
    const text = readFileSync(join('out/renderer/assets', m[1]), 'utf8').split('\n')[line] ?? '';
    return text.slice(Math.max(0, column - 20), column + 60).replace(/\s+/g, ' ');
  } catch {
    return '';
  }
}

/** Top functions by self and by total (self + callees) sampled time. */
function printProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(1, hits);
  const label = (id: number): string => {
    const f = byId.get(id)?.callFrame;
    if (!f) return '?';
    const file = f.url.split('/').pop() ?? '';
    return `${f.functionName || '(anon)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const where = new Map<string, string>();
  for (const n of profile.nodes) {
    const h = n.hitCount ?? 0;
    if (h === 0) continue;
    const key = label(n.id);
    self.set(key, (self.get(key) ?? 0) + h);
    where.set(key, snippet(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber));
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = label(id);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + h);
      const f = byId.get(id)?.callFrame;
      if (f && !where.has(k)) where.set(k, snippet(f.url, f.lineNumber, f.columnNumber));
    }
  }
  const top = (m: Map<string, number>, title: string): void => {
    process.stdout.write(`profile, ${title} (ms of ${fmt(hits * msPerHit, 0)} sampled):\n`);
    for (const [k, h] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      process.stdout.write(`  ${fmt(h * msPerHit, 0).padStart(7)}  ${k}  ${where.get(k) ?? ''}\n`);
    }
  };
  top(self, 'self');
  top(total, 'total');
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Main-thread (CrRendererMain) time by trace event name; nested events are counted in each. */
function printTrace(buffer: Buffer): void {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const main = parsed.traceEvents.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const sums = new Map<string, { ms: number; n: number }>();
  for (const e of parsed.traceEvents) {
    if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue;
    const s = sums.get(e.name) ?? { ms: 0, n: 0 };
    s.ms += e.dur / 1000;
    s.n += 1;
    sums.set(e.name, s);
  }
  process.stdout.write('trace, renderer main thread by event (ms, count; nested counted twice):\n');
  for (const [name, s] of [...sums].sort((a, b) => b[1].ms - a[1].ms).slice(0, 22)) {
    process.stdout.write(`  ${fmt(s.ms, 0).padStart(7)}  ${String(s.n).padStart(6)}  ${name}\n`);
  }
}

async function round(index: number): Promise<Round> {
  const load = loadavg();
  const served = await startServe();
  const browser = await launchChromium();
  let closeProxy: (() => Promise<void>) | undefined;
  try {
    const page: Page = await browser.newPage({
      viewport: { width: 1440, height: 1100 },
      reducedMotion: REDUCED_MOTION ? 'reduce' : 'no-preference',
    });
    const answers = {
      'install.state': () => ({
        active: true,
        state: {
          runId: RUN,
          startedAt: new Date().toISOString(),
          tasks: cellKeys.map((c) => ({ ...c, status: 'pending', attempts: 0 })),
        },
      }),
    };
    const tap = await startProxy(served.url, answers);
    closeProxy = tap.close;
    await openArea(page, tap.url, 'install');
    const grid = page.locator('[data-testid="checklist"]');
    await expect(grid).toHaveAttribute('aria-rowcount', String(STEPS + 1), { timeout: 60_000 });
    await expect(grid).toHaveAttribute('aria-colcount', String(NODES + 1));
    await expect(grid.locator('[role="gridcell"][data-status="pending"]').first()).toBeVisible();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBeforeMb = await heapMb(cdp);
    await page.evaluate(INSTRUMENT);
    const visibility = await page.evaluate('window.__bench.visibility');
    const bundle = await page.evaluate(
      "document.querySelector('script[src*=\"index-\"]')?.getAttribute('src') ?? '?'",
    );
    const onScreen = new Set((await page.evaluate('window.__bench.onScreen()')) as string[]);
    if (onScreen.size === 0) throw new Error('no checklist cell on screen');
    await page.evaluate(`window.__bench.start(${JSON.stringify([...onScreen])})`);
    if (TRACE) {
      await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'cc'] });
    }
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }

    // Per cell, the send times of its events in order; statuses alternate running, done.
    const sends = new Map<string, number[]>();
    const order = shuffled(cellKeys);
    const total = RATE * SECONDS;
    let heapPeakMb = heapBeforeMb;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        heapPeakMb = Math.max(heapPeakMb, await heapMb(cdp));
        await sleep(1000);
      }
    })();
    const t0 = wallNow();
    let sent = 0;
    let sentOnScreen = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((wallNow() - t0) * RATE) / 1000));
      while (sent < due) {
        const cell = order[sent % order.length] ?? cellKeys[0];
        if (!cell) throw new Error('no cells');
        const key = `${cell.stepId}/${cell.nodeId}`;
        const times = sends.get(key) ?? [];
        const running = times.length % 2 === 0;
        const at = wallNow();
        tap.emit('install.event', {
          runId: RUN,
          time: new Date(at).toISOString(),
          type: 'task-state',
          stepId: cell.stepId,
          nodeId: cell.nodeId,
          status: running ? 'running' : 'done',
          attempt: 1,
          ...(running ? {} : { durationMs: 1000 + (sent % 50_000) }),
        });
        times.push(at);
        sends.set(key, times);
        sent += 1;
        if (onScreen.has(key)) sentOnScreen += 1;
      }
      await sleep(1);
    }
    const sendSeconds = (wallNow() - t0) / 1000;
    if (PROFILE) printProfile((await cdp.send('Profiler.stop')).profile);
    if (TRACE) printTrace(await browser.stopTracing());
    // Drain: wait until every timed event is painted (or DRAIN_MS); unpainted ones count as
    // infinitely late.
    const drainUntil = Date.now() + DRAIN_MS;
    while (
      Date.now() < drainUntil &&
      Number(await page.evaluate('window.__bench.count()')) < sentOnScreen
    ) {
      await sleep(500);
    }
    sampling = false;
    await sampler;
    const result = (await page.evaluate('window.__bench.stop()')) as {
      painted: Painted[];
      frames: number[];
    };
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGcMb = await heapMb(cdp);
    // Off-screen events: delivered to the store iff every cell now shows its last event's status.
    const drawn = (await page.evaluate('window.__bench.scan()')) as Record<string, string>;

    const paintedByKey = new Map<string, Painted[]>();
    for (const p of result.painted) {
      const list = paintedByKey.get(p[0]) ?? [];
      list.push(p);
      paintedByKey.set(p[0], list);
    }
    const latencies: number[] = [];
    let missing = 0;
    let offScreen = 0;
    let deliveredCells = 0;
    let offScreenCells = 0;
    for (const { stepId, nodeId } of cellKeys) {
      const key = `${stepId}/${nodeId}`;
      const times = sends.get(key) ?? [];
      const last = times.length === 0 ? 'pending' : times.length % 2 === 1 ? 'running' : 'ok';
      const delivered = drawn[key] === last;
      if (!onScreen.has(key)) {
        offScreen += times.length;
        offScreenCells += 1;
        if (delivered) deliveredCells += 1;
        else missing += times.length;
        continue;
      }
      const painted = paintedByKey.get(key) ?? [];
      times.forEach((at, i) => {
        const p = painted[i];
        const expected = i % 2 === 0 ? 'running' : 'ok';
        if (!p || p[1] !== expected) {
          missing += 1;
          latencies.push(Infinity);
        } else latencies.push(p[3] - at);
      });
    }
    const r: Round = {
      sent,
      sendSeconds,
      onScreenCells: onScreen.size,
      timed: latencies.length,
      matched: latencies.filter(Number.isFinite).length,
      missing,
      offScreen,
      deliveredCells,
      offScreenCells,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      heapBeforeMb,
      heapPeakMb,
      heapAfterGcMb,
      frameP95: percentile(result.frames, 95),
      frameMax: percentile(result.frames, 100),
      load,
      visibility: String(visibility),
      bundle: String(bundle),
    };
    process.stdout.write(
      `round ${index + 1}: sent ${r.sent} in ${fmt(r.sendSeconds, 2)} s; ${r.onScreenCells} cells ` +
        `on screen: ${r.timed} events timed, painted ${r.matched}; ${r.offScreen} events of ` +
        `${r.offScreenCells} off-screen cells, ${r.deliveredCells} cells with their last status; ` +
        `missing ${r.missing}; event-to-paint p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} p99 ${fmt(r.p99)} ` +
        `max ${fmt(r.max)} ms; frames p95 ${fmt(r.frameP95)} max ${fmt(r.frameMax)} ms; heap ` +
        `${fmt(r.heapBeforeMb)} → peak ${fmt(r.heapPeakMb)} → ${fmt(r.heapAfterGcMb)} MB after GC; ` +
        `load ${r.load} → ${loadavg()}; page ${r.visibility}; ${r.bundle}\n`,
    );
    return r;
  } finally {
    await browser.close();
    await closeProxy?.();
    await served.stop();
  }
}

process.stdout.write(
  `ui-scale: ${NODES} nodes × ${STEPS} steps, ${RATE} ev/s for ${SECONDS} s, ${ROUNDS} rounds\n` +
    `${machine()}\n${new Date().toISOString()}\n`,
);
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i += 1) rounds.push(await round(i));
const m = (f: (r: Round) => number): string => fmt(median(rounds.map(f)));
process.stdout.write(
  `\n| rounds p95 (ms) | timed events | median p50 | median p95 | median p99 | median max | missing | ` +
    `frame p95 / max | heap before / peak / after GC (MB) | load at start |\n` +
    `| ${rounds.map((r) => fmt(r.p95)).join(', ')} | ${rounds.map((r) => r.timed).join(', ')} | ${m((r) => r.p50)} | **${m((r) => r.p95)}** | ` +
    `${m((r) => r.p99)} | ${m((r) => r.max)} | ${rounds.map((r) => r.missing).join(', ')} | ` +
    `${m((r) => r.frameP95)} / ${m((r) => r.frameMax)} | ${m((r) => r.heapBeforeMb)} / ` +
    `${m((r) => r.heapPeakMb)} / ${m((r) => r.heapAfterGcMb)} | ${rounds.map((r) => r.load.split(' ')[0]).join(', ')} |\n`,
);
