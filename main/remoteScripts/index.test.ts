// Issue 15 point 5: one registry of remote scripts. Every .sh under main/ is in the index
// (index.json), every indexed file exists, the text the code reads under a name is that file's,
// and the ShellCheck step's list (scripts/remoteScriptFiles.mjs) is the same set.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStepId } from '../../common/catalog/steps';
import { remoteScriptFiles } from '../../scripts/remoteScriptFiles.mjs';
import { REMOTE_SCRIPT_INDEX, REMOTE_SCRIPTS, type RemoteScriptName } from './remoteScripts';

const ROOT = join(__dirname, '../..');

/** Every .sh file under main/ on disk, as repository paths. */
function shellFilesUnderMain(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sh')) found.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, 'main'));
  return found.sort();
}

/** Files on disk that the index does not cover (the check, for the tests below and its own). */
export function unregistered(onDisk: readonly string[], indexed: readonly string[]): string[] {
  const known = new Set(indexed);
  return onDisk.filter((path) => !known.has(path));
}

describe('the index of remote scripts', () => {
  it('registers every .sh under main/', () => {
    const onDisk = shellFilesUnderMain();
    expect(onDisk.length).toBeGreaterThan(40);
    expect(unregistered(onDisk, remoteScriptFiles(ROOT))).toEqual([]);
  });

  it('names only files that exist, and step folders that exist', () => {
    for (const path of Object.values(REMOTE_SCRIPT_INDEX.scripts)) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    for (const folder of REMOTE_SCRIPT_INDEX.stepFolders) {
      expect(existsSync(join(ROOT, folder)), folder).toBe(true);
    }
  });

  it('the ShellCheck list is exactly the .sh files under main/', () => {
    expect(remoteScriptFiles(ROOT)).toEqual(shellFilesUnderMain());
  });

  it('each name the code reads carries its indexed file byte for byte', () => {
    const names = Object.keys(REMOTE_SCRIPT_INDEX.scripts) as RemoteScriptName[];
    expect(Object.keys(REMOTE_SCRIPTS).sort()).toEqual([...names].sort());
    for (const name of names) {
      const onDisk = readFileSync(join(ROOT, REMOTE_SCRIPT_INDEX.scripts[name]), 'utf8');
      expect(REMOTE_SCRIPTS[name], name).toBe(onDisk);
    }
  });

  it('in a step folder, every script but the shared library is a catalog step id', () => {
    const named = new Set(Object.values(REMOTE_SCRIPT_INDEX.scripts));
    const strays = remoteScriptFiles(ROOT)
      .filter((path) => !named.has(path))
      .map((path) => basename(path, '.sh'))
      .filter((id) => !isStepId(id));
    expect(strays).toEqual([]);
  });
});

describe('the check itself', () => {
  it('names a script dropped outside the index', () => {
    expect(
      unregistered(['main/steps/scripts/a.sh', 'main/nodes/stray.sh'], ['main/steps/scripts/a.sh']),
    ).toEqual(['main/nodes/stray.sh']);
  });
});
