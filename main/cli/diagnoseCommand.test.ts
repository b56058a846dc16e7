import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify, SIGNATURES } from '../../common/diagnosis';
import { DiagnoseResultSchema } from '../../common/model/diagnosis';
import {
  EXIT_UNKNOWN,
  processIo,
  registerDiagnose,
  runDiagnose,
  type DiagnoseIo,
} from './diagnoseCommand';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/logs/', import.meta.url));

interface Fixture {
  name: string;
  text: string;
  expect: string[];
}

/** Each fixture names its source (a public URL) and the expected diagnoses, best first. */
function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((name) => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const expectLine = /^# Expect: (.*)$/m.exec(text)?.[1] ?? '';
      return {
        name,
        text,
        expect: expectLine === '(none)' ? [] : expectLine.split(',').map((s) => s.trim()),
      };
    });
}

function memoryIo(files: Record<string, string>, stdin = ''): DiagnoseIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT ${p}`);
      return f;
    },
    readStdin: async () => stdin,
    write: (t) => out.push(t),
  };
}

describe('published log lines (tests/fixtures/logs)', () => {
  const fixtures = loadFixtures();

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    expect(fixture.text, 'header must cite a public source').toMatch(/^# Source: https:\/\/\S+/);
    const result = classify(fixture.text);
    expect(result.diagnoses.map((d) => d.signatureId)).toEqual(fixture.expect);
    for (const d of result.diagnoses) {
      expect(fixture.text.split('\n')[d.evidence.line - 1]?.trim()).toContain(
        d.evidence.text.replace(/^…|…$/g, '').slice(0, 60),
      );
    }
  });

  it('has at least one real published line for every signature', () => {
    const covered = new Set(fixtures.flatMap((f) => f.expect));
    // The real-output corpus counts too (tests/unit/diagnosis/realCorpus.test.ts checks it).
    const real = JSON.parse(
      readFileSync(join(FIXTURES, '../real/expected.json'), 'utf8'),
    ) as Record<string, string | string[] | null>;
    for (const ids of Object.values(real)) for (const id of [ids ?? []].flat()) covered.add(id);
    const missing = SIGNATURES.map((s) => s.id).filter((id) => !covered.has(id));
    expect(missing).toEqual([]);
  });
});

describe('kubelab diagnose', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads stdin for "-" and prints diagnosis, evidence and fix', async () => {
    const io = memoryIo({}, 'foo\n\t[ERROR Swap]: running with swap on is not supported\n');
    const code = await runDiagnose('-', { json: false, lang: 'en' }, io);
    expect(code).toBe(0);
    const out = io.out.join('');
    expect(out).toContain('1. Swap is on');
    expect(out).toContain('evidence (line 2): [ERROR Swap]');
    expect(out).toContain('automatic fix swap-off (on the failed node):');
    expect(out).toContain('     swapoff -a');
  });

  it('prints Chinese with --lang zh', async () => {
    const io = memoryIo({}, '[ERROR Swap]: x');
    await runDiagnose('-', { json: false, lang: 'zh' }, io);
    expect(io.out.join('')).toContain('交换分区');
  });

  it('prints JSON that validates against the published schema', async () => {
    const io = memoryIo({
      'a.log': 'token id "abcdef" is invalid for this cluster or it has expired',
    });
    const code = await runDiagnose('a.log', { json: true, lang: 'en' }, io);
    expect(code).toBe(0);
    const parsed = DiagnoseResultSchema.parse(JSON.parse(io.out.join('')));
    expect(parsed.diagnoses[0]).toMatchObject({
      signatureId: 'join-token-expired',
      evidence: { line: 1 },
      fix: { preview: { id: 'join-token', runsOn: 'control-plane' } },
    });
  });

  it('exits 3 with an honest message when nothing is known', async () => {
    const io = memoryIo({ 'b.log': 'all good' });
    expect(await runDiagnose('b.log', { json: false, lang: 'en' }, io)).toBe(EXIT_UNKNOWN);
    expect(io.out.join('')).toContain('No known failure signature');
  });

  it('reads real stdin through the registered command', async () => {
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(
      Readable.from([
        Buffer.from('Found multiple CRI endpoints on the host.\n'),
      ]) as typeof process.stdin,
    );
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    registerDiagnose(program);
    await program.parseAsync(['node', 'kubelab', 'diagnose', '-', '--json']);
    const printed = write.mock.calls.map((c) => String(c[0])).join('');
    expect(JSON.parse(printed).diagnoses[0].signatureId).toBe('multiple-cri-sockets');
    expect(process.exitCode).toBe(0);
    process.exitCode = undefined;
  });

  it('reads a real file', async () => {
    const text = await processIo.readFile(join(FIXTURES, 'coredns-loop.txt'));
    expect(text).toContain('plugin/loop');
  });
});
