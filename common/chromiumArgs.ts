/**
 * Flags for Debian's Chromium run headless on a machine without a sandbox-capable user namespace,
 * a GPU or the internet: the report's PDF printer, the end-to-end tests and the browser
 * benchmarks all launch it with exactly these. Without the networking flags Chromium keeps trying
 * (and failing) to reach Google's services at every start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
