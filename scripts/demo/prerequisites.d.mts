// Types for prerequisites.mjs, so TypeScript tests can import it.
export declare const LAB_TOOLS: Readonly<Record<string, string>>;
export declare function onPath(tool: string, path?: string): boolean;
export declare function nodeVersionOk(version?: string): boolean;
export declare function labPossible(platform?: string, uid?: number): boolean;
export declare function problems(opts: {
  lab: boolean;
  path?: string;
  root?: string;
}): { what: string; fix: string }[];
