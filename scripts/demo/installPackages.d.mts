// Types for installPackages.mjs, so TypeScript tests can import it.
import type { spawnSync } from 'node:child_process';
export interface MissingPackage {
  name: string;
  tools: string[];
}
export declare function missingPackages(path?: string): MissingPackage[];
export declare function canInstall(uid?: number, path?: string): boolean;
export declare function installMessage(packages: MissingPackage[]): string;
export declare function installPackages(
  names: string[],
  run?: typeof spawnSync,
  policy?: string,
): string | undefined;
