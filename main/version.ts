// Injected at build time by electron-vite's `define`; falls back for unbundled runs (tests).
declare const __KUBELAB_VERSION__: string | undefined;

export const KUBELAB_VERSION: string =
  typeof __KUBELAB_VERSION__ === 'string' ? __KUBELAB_VERSION__ : '0.0.0-dev';
