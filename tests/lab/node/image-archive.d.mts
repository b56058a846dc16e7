// Types of ./image-archive.mjs for tests/unit/lab/imageArchive.test.ts.
export interface OciImage {
  name: string;
  digest: string;
  mediaType: string;
  size: number;
  config: string;
  platform: string;
  layers: string[];
}
export interface DockerImage {
  ref: string | undefined;
  id: string;
  line: string;
}
export interface ToolRun<I> {
  code: number;
  stdout: string;
  stderr: string;
  images: I[];
}
export class ArchiveError extends Error {}
export function readTar(bytes: Buffer): { files: { name: string; data: Buffer }[]; cut?: string };
export function ctrImport(
  file: string | undefined,
  opts?: { held?: Set<string>; baseName?: string; digests?: boolean; date?: Date },
): ToolRun<OciImage>;
export function dockerLoad(file: string | undefined): ToolRun<DockerImage>;
