// Issue 15 point 5: each contract namespace (`<namespace>.method`, read from the contract's own
// registry) has exactly one handler file, main/handlers/<namespace>Handlers.ts, and that file
// serves no other namespace. A new namespace without its file, or a second file answering part of
// one, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestNames } from '../../common/contract';

const CONTRACTS_DIR = join(__dirname, '../../common/contracts');

const HANDLERS_DIR = join(__dirname);

/**
 * `'ns.method':` or `'ns.method'(` as an object key (at a line's start or after `{` or `,`): a
 * handler this file defines. Mentions in comments, `Pick<…>` unions and calls are not keys.
 */
const HANDLER_KEY = /(?:^|[{,])\s*'([a-zA-Z]+)\.[a-zA-Z]+'\s*[:(]/gm;

/** The namespaces a source text defines handlers for (its object keys naming requests). */
export function namespacesServed(source: string, known: ReadonlySet<string>): Set<string> {
  const served = new Set<string>();
  for (const m of source.matchAll(HANDLER_KEY)) {
    const ns = m[1];
    if (ns && known.has(ns)) served.add(ns);
  }
  return served;
}

/** Which handler files serve each namespace, from the files' sources (name → source). */
export function servingFiles(
  sources: ReadonlyMap<string, string>,
  known: ReadonlySet<string>,
): Map<string, string[]> {
  const byNamespace = new Map<string, string[]>([...known].map((ns) => [ns, []]));
  for (const [file, source] of sources) {
    for (const ns of namespacesServed(source, known)) byNamespace.get(ns)?.push(file);
  }
  return byNamespace;
}

/** Namespaces whose files break the rule: none, two or more, or one not named after it. */
export function handlerFileProblems(byNamespace: ReadonlyMap<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [ns, files] of byNamespace) {
    const expected = `${ns}Handlers.ts`;
    if (files.length === 0) problems.push(`${ns}: no handler file (expected ${expected})`);
    else if (files.length > 1) problems.push(`${ns}: served by ${files.sort().join(', ')}`);
    else if (files[0] !== expected) problems.push(`${ns}: served by ${files[0]}, not ${expected}`);
  }
  return problems;
}

function handlerSources(): Map<string, string> {
  const files = readdirSync(HANDLERS_DIR).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  return new Map(files.map((f) => [f, readFileSync(join(HANDLERS_DIR, f), 'utf8')]));
}

const namespaces = new Set(requestNames.map((name) => name.split('.')[0] ?? name));

describe('one handler file per contract namespace', () => {
  it('the contract registry has namespaces to check', () => {
    expect(namespaces.size).toBeGreaterThan(10);
  });

  it('every namespace is served by exactly main/handlers/<namespace>Handlers.ts', () => {
    expect(handlerFileProblems(servingFiles(handlerSources(), namespaces))).toEqual([]);
  });

  it('no handler file serves two namespaces', () => {
    const twoOrMore = [...handlerSources()]
      .map(([file, source]) => [file, [...namespacesServed(source, namespaces)]] as const)
      .filter(([, served]) => served.length > 1);
    expect(twoOrMore).toEqual([]);
  });
});

describe('one namespace per contract file', () => {
  /** Each common/contracts file's namespaces, from its `…Requests` exports (none: shared schemas). */
  async function contractFileNamespaces(): Promise<Map<string, string[]>> {
    const files = readdirSync(CONTRACTS_DIR).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const byFile = new Map<string, string[]>();
    for (const file of files) {
      const mod = (await import(join(CONTRACTS_DIR, file))) as Record<string, unknown>;
      const names = Object.entries(mod)
        .filter(([key, value]) => key.endsWith('Requests') && typeof value === 'object' && value)
        .flatMap(([, value]) => Object.keys(value as object));
      byFile.set(file, [...new Set(names.map((n) => n.split('.')[0] ?? n))]);
    }
    return byFile;
  }

  it('each contract file declares the requests of at most one namespace', async () => {
    const mixed = [...(await contractFileNamespaces())].filter(([, ns]) => ns.length > 1);
    expect(mixed).toEqual([]);
  });

  it('every namespace of the registry is declared by exactly one contract file', async () => {
    const declared = [...(await contractFileNamespaces()).values()].flat();
    expect([...declared].sort()).toEqual([...namespaces].sort());
  });
});

describe('the check itself', () => {
  const known = new Set(['plan', 'catalog']);
  it('reads a key on the line that opens the object', () => {
    const source = "  return { 'catalog.images': (req) => service.start(req) };\n";
    expect([...namespacesServed(source, known)]).toEqual(['catalog']);
  });
  it('names a namespace without a file', () => {
    const sources = new Map([['planHandlers.ts', "  'plan.get': async () => 1,\n"]]);
    expect(handlerFileProblems(servingFiles(sources, known))).toEqual([
      'catalog: no handler file (expected catalogHandlers.ts)',
    ]);
  });
  it('names a namespace served by two files, and one served by a misnamed file', () => {
    const sources = new Map([
      ['planHandlers.ts', "    'plan.get': async () => 1,\n    'catalog.images': x,\n"],
      ['otherHandlers.ts', "  'catalog.versions': async () => 2,\n"],
    ]);
    expect(handlerFileProblems(servingFiles(sources, known))).toEqual([
      'catalog: served by otherHandlers.ts, planHandlers.ts',
    ]);
    const misnamed = new Map([['stuff.ts', "  'plan.get': a,\n  'catalog.images': b,\n"]]);
    expect(handlerFileProblems(servingFiles(misnamed, known))).toEqual([
      'plan: served by stuff.ts, not planHandlers.ts',
      'catalog: served by stuff.ts, not catalogHandlers.ts',
    ]);
  });
  it('reads keys, not mentions in comments or types', () => {
    const source =
      "// 'plan.get' is elsewhere\ntype X = Pick<H, 'catalog.images'>;\nh['plan.get']({});\n";
    expect([...namespacesServed(source, known)]).toEqual([]);
  });
});
