// Types for generate.mjs, so TypeScript tests can import it.
export interface ChangePoint {
  from: number;
  value: string;
  source: string;
}
export interface MinorSource {
  published: number;
  verified: [number, number][];
  api: string;
  registry: ChangePoint[];
  pause: ChangePoint[];
  coredns: ChangePoint[];
  etcd: ChangePoint[];
}
export interface ConstantsSource {
  retrieved: string;
  sources: Record<string, string>;
  minors: Record<string, MinorSource>;
}
export interface ObservedList {
  kubeadm: string;
  kubernetesVersion: string;
  imageRepository?: string;
  source: string;
  images: string[];
}
export interface ObservedSource {
  lists: ObservedList[];
}
export interface GeneratedRelease {
  version: string;
  registry: string;
  pause: string;
  etcd: string;
  coredns: string;
  corednsSubpath: boolean;
  corednsFirst: boolean;
  api: string;
  verified: boolean;
  sources: string[];
}
export interface GeneratedCatalog {
  about: string;
  generatedAt: string;
  retrieved: string;
  sources: Record<string, string>;
  releases: GeneratedRelease[];
}
export declare function readList(
  images: readonly string[],
): Record<string, string | boolean | undefined>;
export declare function generate(
  constants: ConstantsSource,
  observed: ObservedSource,
  generatedAt: string,
): GeneratedCatalog;
export declare function format(data: GeneratedCatalog): string;
