import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { z } from 'zod';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from 'yaml';
import { AppError } from '../../common/model/appError';
import { PROJECT_SCHEMA_VERSION, ProjectSchema, type Project } from '../../common/model/project';
import { fieldPath } from '../../common/validation';
import { atomicWrite } from './atomicWrite';

/**
 * Reading and writing `kubelab.yaml`. A file that does not parse or does not fit the schema is
 * refused as a whole with every problem located by line and column (nothing is half-loaded and
 * nothing on disk changes); saving is atomic (atomicWrite), so a crash leaves the old file or the
 * new one, never a mix. Older schema versions are migrated forward in memory on load.
 */

export interface ProjectIssue {
  line: number;
  column: number;
  /** Dotted path of the offending field (`plan.podCidr`), empty for syntax errors. */
  field: string;
  message: string;
}

/** A project file that cannot be used; `issues` lists every problem with its position. */
export class ProjectFileError extends AppError {
  readonly issues: ProjectIssue[];
  constructor(source: string, issues: ProjectIssue[]) {
    const lines = issues.map(
      (i) => `${source}:${i.line}:${i.column}: ${i.field ? `${i.field}: ` : ''}${i.message}`,
    );
    super({
      code: 'invalid_project_file',
      message: `${source} is not a valid kubelab project:\n${lines.join('\n')}`,
      field: issues[0]?.field || undefined,
    });
    this.issues = issues;
  }
}

type Raw = Record<string, unknown>;

/**
 * Migrations from schema version N to N+1, keyed by N. Each takes the parsed YAML of version N
 * and returns version N+1 (with `schemaVersion` updated). Empty while version 1 is current.
 */
export const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {};

/** Brings an older project up to the current schema version, or explains why it cannot. */
export function migrateProject(raw: Raw, migrations = MIGRATIONS): Raw {
  let current = raw;
  let version = current.schemaVersion;
  while (typeof version === 'number' && version < PROJECT_SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) break;
    current = step(current);
    version = current.schemaVersion;
  }
  return current;
}

/** Parses project text; throws ProjectFileError naming every problem by line. */
export function parseProject(text: string, source = 'kubelab.yaml'): Project {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    // The first line of yaml's message only: the rest quotes the file, which must not travel.
    const issues = doc.errors.map((e) => ({
      ...at(e.pos[0]),
      field: '',
      message: (e.message.split('\n')[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, ''),
    }));
    throw new ProjectFileError(source, issues);
  }
  const raw: unknown = doc.toJS();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProjectFileError(source, [
      {
        line: 1,
        column: 1,
        field: '',
        message: 'expected a mapping with schemaVersion, nodes and plan',
      },
    ]);
  }
  const version = (raw as Raw).schemaVersion;
  if (typeof version === 'number' && version > PROJECT_SCHEMA_VERSION) {
    throw new ProjectFileError(source, [
      {
        ...locate(doc, ['schemaVersion'], at),
        field: 'schemaVersion',
        message: `written by a newer kubelab (schemaVersion ${version}); this one reads up to ${PROJECT_SCHEMA_VERSION}`,
      },
    ]);
  }
  const result = ProjectSchema.safeParse(migrateProject(raw as Raw));
  if (result.success) return result.data;
  throw new ProjectFileError(
    source,
    result.error.issues.map((issue) => toIssue(doc, issue, at)),
  );
}

function toIssue(
  doc: Document,
  issue: z.core.$ZodIssue,
  at: (offset: number) => { line: number; column: number },
): ProjectIssue {
  const path = [...issue.path];
  // An unknown key is reported on its object; point at the key itself.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return { ...locate(doc, path, at), field: fieldPath(path), message: issue.message };
}

/** Line and column of the deepest existing node on `path` (a key's own position for maps). */
function locate(
  doc: Document,
  path: readonly PropertyKey[],
  at: (offset: number) => { line: number; column: number },
): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      const range = (item as { range?: [number, number, number] }).range;
      if (range) offset = range[0];
      node = item;
    } else break;
  }
  return at(offset);
}

const HEADER =
  '# kubelab project: machines (no secrets), cluster plan and the last run state.\n' +
  '# Passwords and key passphrases are kept in the OS keychain, never here.\n';

/** The file text for a project (validated first: an invalid project is never written). */
export function serializeProject(project: Project): string {
  const valid = ProjectSchema.parse(project);
  return HEADER + stringify(valid, { lineWidth: 0 });
}

export async function loadProject(path: string): Promise<Project> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError({
      code: code === 'ENOENT' ? 'project_not_found' : 'project_unreadable',
      message: `Cannot read project file ${path}: ${code ?? String(err)}`,
    });
  }
  return parseProject(text, basename(path));
}

/** Writes atomically; readable by others (the file holds no secrets, and is meant to be shared). */
export async function saveProject(path: string, project: Project): Promise<void> {
  await atomicWrite(path, serializeProject(project), 0o644);
}
