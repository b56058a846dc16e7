import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { z } from 'zod';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse,
  parseDocument,
  stringify,
  type Document,
} from 'yaml';
import { AppError } from '../../common/model/appError';
import { PROJECT_SCHEMA_VERSION, ProjectSchema, type Project } from '../../common/model/project';
import { fieldPath } from '../../common/validation';
import { atomicWrite } from './atomicWrite';
import { withJournal } from './projectJournal';

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
  // Before the YAML: a torn file's own errors would hide the reason.
  const torn = sealProblem(text);
  if (torn) throw new ProjectFileError(source, [torn]);
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

/** In the header of every file this kubelab writes: such a file must end with its seal line. */
export const SEALED_MARK =
  '# Sealed: the last line checks the run state; a file cut short is refused.';

const HEADER =
  '# kubelab project: machines (no secrets), cluster plan and the last run state.\n' +
  '# Passwords and key passphrases are kept in the OS keychain, never here.\n' +
  `${SEALED_MARK}\n`;

const SEAL_RE =
  /^# kubelab: end of project \((?:no runState|runState sha256 ([0-9a-f]{64}), (\d+) bytes)\)$/;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The file text for a project (validated first: an invalid project is never written).
 *
 * The run state is written last, as its own block, and the file ends with a seal line giving
 * the block's sha256 and length (issue 14, defect 11). Writes are atomic, but a file can still be
 * cut short on its way to the user (a full disk during a copy, a sync tool, an editor crash), and
 * YAML cut inside `runState` is often still valid YAML: a shorter task list, a run that looks
 * finished. The seal makes that a refusal with a reason instead of a silent misreading.
 */
export function serializeProject(project: Project): string {
  return sealedProject(project).text;
}

/**
 * The file text and its seal: the run state block's sha256 (undefined without a run state). The
 * seal names the whole record a journal line follows (projectJournal.ts).
 */
export function sealedProject(project: Project): { text: string; seal: string | undefined } {
  const { runState, ...rest } = ProjectSchema.parse(project);
  const head = HEADER + stringify(rest, { lineWidth: 0 });
  if (!runState)
    return { text: `${head}# kubelab: end of project (no runState)\n`, seal: undefined };
  const block = stringify({ runState }, { lineWidth: 0 });
  const seal = sha256(block);
  return {
    text: `${head}${block}# kubelab: end of project (runState sha256 ${seal}, ${Buffer.byteLength(block)} bytes)\n`,
    seal,
  };
}

/** The run state's sha256 a file's seal line names; undefined without one (or no run state). */
export function sealOf(text: string): string | undefined {
  const trimmed = text.replace(/\n+$/, '');
  return SEAL_RE.exec(trimmed.slice(trimmed.lastIndexOf('\n') + 1))?.[1];
}

/**
 * For a file this kubelab wrote (its header has SEALED_MARK): the problem with its seal, if any.
 * Files without the mark (older kubelab, written by hand) have no seal to check.
 */
function sealProblem(text: string): ProjectIssue | undefined {
  const lines = text.split('\n');
  if (!lines.slice(0, 10).includes(SEALED_MARK)) return undefined;
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const lastLine = lines.length;
  const seal = SEAL_RE.exec(lines[lastLine - 1] ?? '');
  const start = /^runState:/m.exec(text);
  const runStateLine = start ? text.slice(0, start.index).split('\n').length : undefined;
  const restore =
    'Restore it from a copy, or delete the runState section and this last line: the next apply then checks every step again.';
  if (!seal) {
    return {
      line: lastLine,
      column: 1,
      field: runStateLine ? 'runState' : '',
      message: `the file ends before kubelab's closing seal line: it was cut short (an interrupted copy, a full disk)${runStateLine ? `, inside the recorded run that starts on line ${runStateLine}` : ''}. ${restore}`,
    };
  }
  const [, hash, bytes] = seal;
  if (hash === undefined) {
    if (!start) return undefined;
    return {
      line: runStateLine ?? 1,
      column: 1,
      field: 'runState',
      message: `the seal line says there is no recorded run, but the file has one: it was edited outside kubelab. ${restore}`,
    };
  }
  const sealAt = text.lastIndexOf(lines[lastLine - 1] ?? '');
  const written = start ? text.slice(start.index, sealAt) : '';
  // The seal covers what the block says, not its bytes: the block is read and written again the
  // way serializeProject writes it, so a YAML tool that re-folds or re-quotes it (the same run
  // state) passes, while a cut or an edit (another run state, or no YAML at all) does not.
  const block = canonicalBlock(written);
  if (sha256(block) === hash && String(Buffer.byteLength(block)) === bytes) return undefined;
  return {
    line: runStateLine ?? lastLine,
    column: 1,
    field: 'runState',
    message: `the recorded run (${Buffer.byteLength(block)} bytes) does not match its seal (${bytes} bytes, sha256 ${hash.slice(0, 12)}…): it was cut short or edited outside kubelab. ${restore}`,
  };
}

/** A run-state block as serializeProject writes it; the text itself when it is not YAML. */
function canonicalBlock(text: string): string {
  try {
    return stringify(parse(text), { lineWidth: 0 });
  } catch {
    return text;
  }
}

export async function loadProject(path: string): Promise<Project> {
  return (await readProjectFile(path)).project;
}

/**
 * A project file as kubelab reads it: parsed and checked, its cluster record with the journal
 * beside it replayed (the tasks that changed since the file's last whole write), and the seal
 * that journal continues after.
 */
export async function readProjectFile(
  path: string,
): Promise<{ project: Project; seal: string | undefined }> {
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
  const project = parseProject(text, basename(path));
  const seal = sealOf(text);
  return { project: await withJournal(path, project, seal), seal };
}

/**
 * Writes atomically; readable by others (the file holds no secrets, and is meant to be shared).
 * Returns the seal written (see sealedProject). The caller removes the journal (projectJournal.ts)
 * once this has returned: everything it held is in the file now.
 */
export async function saveProject(path: string, project: Project): Promise<string | undefined> {
  const { text, seal } = sealedProject(project);
  await atomicWrite(path, text, 0o644);
  return seal;
}
