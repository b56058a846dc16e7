import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LabScenario } from '../../common/contracts/lab';

/**
 * A scenario's one-line description: its `description:` field, else its first comment line
 * (every scenario file opens with one saying what goes wrong), else nothing.
 */
export function scenarioDescription(text: string): string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = undefined;
  }
  if (typeof doc === 'object' && doc !== null) {
    const d = (doc as Record<string, unknown>).description;
    if (typeof d === 'string' && d.trim()) return d.trim();
  }
  const comment = text.split('\n').find((l) => l.startsWith('#'));
  return comment ? comment.replace(/^#+\s*/, '').trim() : '';
}

/** A scenario's Chinese description (`descriptionZh:`), when its file has one. */
export function scenarioDescriptionZh(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = (doc as Record<string, unknown>).descriptionZh;
  return typeof d === 'string' && d.trim() ? d.trim() : undefined;
}

/** The scenarios in `<labDir>/scenarios`, guide first (the one a newcomer wants), then by name. */
export function listScenarios(labDir: string): LabScenario[] {
  const dir = join(labDir, 'scenarios');
  const names = readdirSync(dir)
    .filter((f) => /^[a-z0-9][a-z0-9-]*\.yaml$/.test(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => (a === 'guide' ? -1 : b === 'guide' ? 1 : a.localeCompare(b)));
  return names.map((name) => {
    const text = readFileSync(join(dir, `${name}.yaml`), 'utf8');
    const descriptionZh = scenarioDescriptionZh(text);
    return {
      name,
      description: scenarioDescription(text),
      ...(descriptionZh ? { descriptionZh } : {}),
    };
  });
}
