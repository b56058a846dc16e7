import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { requestNames, requests, type Envelope, type RequestName } from '../../common/contract';
import { MAX_CLIENT_MESSAGE_BYTES } from './protocol';
import { startWebHost, type WebHost } from './server';
import { payloadCases } from './testing/payloadCases';
import { closeCode, collect, openRaw, openWebSocket, rawRequest } from './testing/rawWire';
import { recordingBackend, SIDE_EFFECTS, type RecordingBackend } from './testing/recordingBackend';
import { frameCases, httpCases } from './testing/wireCases';

/**
 * The transport fuzz suite (issue 14): the real web host on loopback, fed raw HTTP heads, raw
 * WebSocket frames and every contract method with hostile payloads. After each case the host
 * must still serve a good client; nothing may crash it; no answer may carry a stack trace; and
 * no call the contract refuses may reach a service. It prints its counts.
 */
let host: WebHost;
let backend: RecordingBackend;
const counts = {
  requests: 0,
  httpAnswers: 0,
  connectionsClosed: 0,
  typedErrors: 0,
  okAnswers: 0,
  crashes: 0,
  stackTraces: 0,
};
const crashes: string[] = [];
const onCrash = (err: unknown): void => {
  counts.crashes += 1;
  crashes.push(String(err));
};

// A stack frame (`    at fn (file:1:2)`), a Node internal, or an exception's name in an answer.
// Waits for what a healthy host answers at once; long only so a loaded CI machine cannot fail them.
const GOOD_WAIT_MS = 15_000;

const STACK =
  /\n\s+at \S|node:internal|\bat [\w.<>]+ \(.*:\d+:\d+\)|TypeError|RangeError|SyntaxError/;

function noStack(text: string, label: string): void {
  if (STACK.test(text)) {
    counts.stackTraces += 1;
    expect.fail(`${label}: the answer carries a stack trace: ${text.slice(0, 300)}`);
  }
}

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-fuzz-'));
  await writeFile(join(dir, 'index.html'), '<html>kubelab</html>');
  backend = recordingBackend();
  host = await startWebHost({ host: '127.0.0.1', port: 0, rendererDir: dir, backend });
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await host.close();
  // The suite's summary line, read by people and by CI logs (issue 14 asks for these counts).
  console.log(
    `transport fuzz: ${counts.requests} requests sent, ${counts.typedErrors} typed errors, ` +
      `${counts.okAnswers} answered ok, ${counts.httpAnswers} HTTP refusals, ` +
      `${counts.connectionsClosed} connections closed, ${counts.stackTraces} stack traces, ` +
      `crashes = ${counts.crashes}`,
  );
});

/** A good client still gets the page and a contract answer. */
async function assertServing(label: string): Promise<void> {
  const page = await rawRequest(
    host.port,
    `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
    GOOD_WAIT_MS,
  );
  expect(page.status, `after ${label}: the page`).toBe(200);
  expect(counts.crashes, `after ${label}: ${crashes.join('; ')}`).toBe(0);
}

function goodSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
      headers: { Origin: `http://127.0.0.1:${host.port}` },
      maxPayload: 64 * 1024 * 1024,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends requests on one socket, a few in flight at a time, and returns each answer by id. */
async function callAll(
  ws: WebSocket,
  calls: { name: string; payload: unknown }[],
): Promise<{ envelope: Envelope<unknown>; text: string }[]> {
  const waiting = new Map<
    number,
    (answer: { envelope: Envelope<unknown>; text: string }) => void
  >();
  const onMessage = (data: Buffer, binary: boolean): void => {
    if (binary) return;
    const text = data.toString();
    const msg = JSON.parse(text) as { id?: number; envelope?: Envelope<unknown> };
    if (msg.id === undefined || !msg.envelope) return;
    waiting.get(msg.id)?.({ envelope: msg.envelope, text });
    waiting.delete(msg.id);
  };
  ws.on('message', onMessage);
  const answers: { envelope: Envelope<unknown>; text: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls.length) {
      const index = next++;
      const call = calls[index];
      if (!call) return;
      const id = index + 1;
      const message: Record<string, unknown> = { id, name: call.name };
      if (call.payload !== undefined) message.payload = call.payload;
      counts.requests += 1;
      answers[index] = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${call.name}`)), 20_000);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        ws.send(JSON.stringify(message));
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    ws.off('message', onMessage);
  }
  return answers;
}

describe('transport fuzz: raw HTTP', () => {
  it('answers or closes every hostile request head and keeps serving', async () => {
    const cases = httpCases(host.port, host.token);
    for (const c of cases) {
      counts.requests += 1;
      const answer = await rawRequest(host.port, c.bytes, 1500);
      if (answer.status !== undefined) counts.httpAnswers += 1;
      else counts.connectionsClosed += 1;
      // Nothing hostile is served the app, and nothing hostile is told the token.
      if (c.mayUpgrade && answer.status === 101) {
        expect(answer.text, c.label).not.toMatch(/Sec-WebSocket-Extensions/i);
      } else expect(answer.status === 200 || answer.status === 101, c.label).toBe(false);
      expect(answer.text, c.label).not.toContain(host.token);
      noStack(answer.text, c.label);
      await assertServing(c.label);
    }
    expect(cases.length).toBeGreaterThan(50);
  }, 120_000);

  it('keeps serving while slow clients trickle their heads (bounded: 3 s)', async () => {
    const slow = await Promise.all(Array.from({ length: 20 }, () => openRaw(host.port)));
    const request = `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`;
    let at = 0;
    const trickle = setInterval(() => {
      for (const s of slow) if (!s.destroyed) s.write(request[at % request.length] ?? 'x');
      at += 1;
    }, 100);
    counts.requests += slow.length;
    try {
      const started = Date.now();
      while (Date.now() - started < 3000) {
        await assertServing('slow clients');
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      clearInterval(trickle);
      for (const s of slow) s.destroy();
    }
  }, 60_000);
});

describe('transport fuzz: WebSocket frames', () => {
  it('closes each bad frame’s connection with its RFC 6455 code and answers the rest', async () => {
    const bystander = await goodSocket();
    for (const c of frameCases(MAX_CLIENT_MESSAGE_BYTES)) {
      counts.requests += 1;
      const socket = await openWebSocket(host.port, host.token);
      const answer = await collect(
        socket,
        (s) => c.frames.forEach((f) => s.write(f)),
        GOOD_WAIT_MS,
        (got) => closeCode(got) !== undefined || got.includes('"envelope"'),
      );
      noStack(answer.raw.toString('utf8'), c.label);
      if (c.closeCode === undefined) {
        expect(answer.raw.toString('utf8'), c.label).toContain('"envelope"');
        counts.typedErrors += answer.raw.includes('"ok":false') ? 1 : 0;
        counts.okAnswers += answer.raw.includes('"ok":true') ? 1 : 0;
      } else {
        expect(closeCode(answer.raw), c.label).toBe(c.closeCode);
        counts.connectionsClosed += 1;
      }
      const [alive] = await callAll(bystander, [{ name: 'app.info', payload: {} }]);
      expect(alive?.envelope.ok, `bystander after ${c.label}`).toBe(true);
      await assertServing(c.label);
    }
    bystander.close();
  }, 120_000);

  it('keeps serving while a frame trickles in and a fragmented message never ends (3 s)', async () => {
    const trickler = await openWebSocket(host.port, host.token);
    const unfinished = await openWebSocket(host.port, host.token);
    unfinished.write(
      Buffer.concat([Buffer.from([0x01, 0x85]), Buffer.alloc(4), Buffer.from('{"id"')]),
    );
    const started = Date.now();
    let sent = 0;
    const head = Buffer.from([0x81, 0xfe, 0x10, 0x00, 0, 0, 0, 0]); // a 4096-byte text frame
    const trickle = setInterval(() => trickler.write(head.subarray(sent, ++sent)), 200);
    counts.requests += 2;
    try {
      while (Date.now() - started < 3000) {
        await assertServing('a trickled frame');
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      clearInterval(trickle);
      trickler.destroy();
      unfinished.destroy();
    }
  }, 60_000);
});

describe('transport fuzz: every contract method', () => {
  it('answers hostile payloads with typed errors and acts on none the contract refuses', async () => {
    const ws = await goodSocket();
    let refusedTotal = 0;
    for (const name of requestNames) {
      const cases = payloadCases(name);
      const before = backend.calls.get(name)?.length ?? 0;
      const answers = await callAll(
        ws,
        cases.map((c) => ({ name, payload: c.payload })),
      );
      let accepted = 0;
      cases.forEach((c, i) => {
        const answer = answers[i];
        const label = `${name} ${c.label}`;
        expect(answer, label).toBeDefined();
        if (!answer) return;
        noStack(answer.text, label);
        const valid = requests[name as RequestName].payload.safeParse(c.payload).success;
        if (!valid) {
          refusedTotal += 1;
          expect(answer.envelope, label).toMatchObject({
            ok: false,
            error: { code: 'invalid_payload' },
          });
        } else accepted += 1;
        if (answer.envelope.ok) counts.okAnswers += 1;
        else {
          // Typed: a code from the vocabulary, a message that stands alone, no internal crash.
          expect(answer.envelope.error.code, label).toMatch(/^[a-z_]+$/);
          expect(answer.envelope.error.code, label).not.toBe('internal');
          expect(answer.envelope.error.message.length, label).toBeGreaterThan(0);
          counts.typedErrors += 1;
        }
      });
      // Only calls the contract accepts reached the service; side effects were only recorded.
      const reached = (backend.calls.get(name)?.length ?? 0) - before;
      expect(reached, `${name}: calls that reached the service`).toBe(accepted);
      if (SIDE_EFFECTS.has(name)) {
        for (const payload of backend.calls.get(name) ?? []) {
          expect(requests[name].payload.safeParse(payload).success, name).toBe(true);
        }
      }
    }
    expect(refusedTotal).toBeGreaterThan(1000);
    // Acting on null was issue 14's defect 6: these must never have been called with it.
    for (const name of ['run.start', 'lab.down', 'lab.up'] as const) {
      expect(backend.calls.get(name) ?? [], name).not.toContainEqual(null);
    }
    ws.close();
    await assertServing('the contract walk');
  }, 120_000);
});
