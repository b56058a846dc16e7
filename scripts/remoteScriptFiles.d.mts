// Types for remoteScriptFiles.mjs, so TypeScript tests can import it.
export function remoteScriptFiles(root?: string): string[];
