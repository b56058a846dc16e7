// The remote scripts of main/remoteScripts/index.json as repository paths: the named scripts and
// every .sh in a step folder. The ShellCheck step of `npm test` checks exactly these for main/
// (main/remoteScripts/index.test.ts holds this list equal to the .sh files under main/).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `root`: the repository's root (default: the working directory). */
export function remoteScriptFiles(root = '.') {
  const index = JSON.parse(readFileSync(join(root, 'main/remoteScripts/index.json'), 'utf8'));
  const named = Object.values(index.scripts);
  const inFolders = index.stepFolders.flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((name) => name.endsWith('.sh'))
      .map((name) => `${folder}/${name}`),
  );
  return [...new Set([...named, ...inFolders])].sort();
}
