// The architecture's import rules, as allowlists (ARCHITECTURE.md "Rules between layers").
// A source file belongs to the FIRST layer whose `files` match; it may import only the folders and
// packages its layer names. Tests beside the code (`*.test.ts(x)`) belong to their folder's layer
// and may also use the test fakes and Vitest (see `testing` below). To change what a layer may
// import, change it here, on purpose, in a commit that says why.

/** Node's built-ins, always with the `node:` prefix (a bare `fs` is refused everywhere). */
const NODE = 'node:*';

/** main/ folders that are not faces: what services, handlers and capabilities may use. */
const BACK_END = [
  'common/**',
  'main/api/**',
  'main/bundle/**',
  'main/certs/**',
  'main/cluster/**',
  'main/engine/**',
  'main/etcd/**',
  'main/evidence/**',
  'main/handlers/**',
  'main/lab/**',
  'main/nodes/**',
  'main/operations/**',
  'main/preflight/**',
  'main/remoteScripts/**',
  'main/report/**',
  'main/services/**',
  'main/ssh/**',
  'main/steps/**',
  'main/store/**',
  'main/support/**',
  'main/terminals/**',
  'main/tokens/**',
  'main/verify/**',
  'main/version',
];

/**
 * Test files may also reach the shared fakes and fixtures, the composition root (to test a
 * capability through the contract), the SSH layer's errors and quoting, the demo scripts they
 * check, and Vitest and Ajv.
 */
export const testing = {
  folders: [
    'tests/fakes/**',
    'tests/fixtures/**',
    'tests/unit/**',
    'main/backend',
    'main/api/**',
    'main/ssh/**',
    'main/store/**',
    'scripts/**',
  ],
  packages: ['vitest', 'ajv', 'ajv/*', NODE],
};

/**
 * Who may build an SSH session (issue 15: nothing reaches a machine except through the back end).
 * The session builders — SshPool, SshRemote and connectNode — may be imported (as values) only by
 * the composition root of machine access, main/nodes/nodesContext.ts (createNodesContext, which
 * createBackend calls for every face), by the SSH layer itself, and by the SSH layer's own suite and
 * its fan-out and transfer benches, which measure the pool as such. Everything else — services, handlers, CLI, the
 * lab suites, the other benches — gets machines from a backend (`backend.nodes`). Type imports
 * stay free: naming a pool's type builds nothing. Applied by eslint.config.js through
 * `@typescript-eslint/no-restricted-imports`, its `allowedIn` being the rule's `ignores`.
 */
export const SESSION_BUILDERS = {
  modules: ['**/ssh/pool', '**/ssh/sshRemote', '**/ssh/connection'],
  allowedIn: [
    'main/nodes/nodesContext.ts',
    'main/ssh/**',
    'tests/integration/ssh/**',
    'bench/ssh-fanout.ts',
    // The transfer benches measure SFTP streaming over a pool's sessions as such, like fan-out.
    'bench/push.bench.ts',
    'bench/transfer-memory.ts',
  ],
  message:
    'SSH sessions are built only by createNodesContext (main/nodes/nodesContext.ts): get machines from a backend (backend.nodes), or import the type only.',
};

export const layers = [
  {
    name: 'common/',
    why: 'common/ is pure TypeScript shared by every process (no Node, Electron, SSH or UI).',
    files: ['common/**'],
    folders: ['common/**'],
    packages: ['zod', 'yaml', 'ipaddr.js'],
  },
  {
    name: 'renderer/',
    why: 'the renderer is an untrusted sandboxed page: it talks only to window.kubelab.',
    files: ['renderer/**'],
    folders: ['renderer/**', 'common/**', 'resources/i18n/**', 'resources/icons/**'],
    packages: [
      'react',
      'react/*',
      'react-dom',
      'react-dom/*',
      'zustand',
      'zustand/*',
      'i18next',
      'react-i18next',
      'zod',
      '@xterm/xterm',
      '@xterm/xterm/*',
      '@xterm/addon-fit',
      '@xterm/addon-search',
      '@xterm/addon-web-links',
      '@xterm/addon-webgl',
      '@xyflow/react',
      '@xyflow/react/*',
      '@tanstack/react-virtual',
    ],
  },
  {
    name: 'preload/',
    why: 'the preload exposes the contract from common/ and nothing else.',
    files: ['preload/**'],
    folders: ['preload/**', 'common/**'],
    packages: ['electron'],
  },
  {
    name: 'main/electron/',
    why: 'the desktop face builds a backend and plugs in the keychain, dialogs and printToPDF.',
    files: ['main/electron/**'],
    folders: ['main/electron/**', 'main/backend', ...BACK_END],
    packages: ['electron', 'electron-store', NODE],
  },
  {
    name: 'main/web/',
    why: 'the web face calls the contract through dispatch; it builds no services of its own.',
    files: ['main/web/**'],
    folders: ['main/web/**', 'main/backend', 'main/api/**', 'main/store/**', 'common/**'],
    packages: ['ws', 'zod', NODE],
  },
  {
    name: 'main/cli/',
    why: 'the CLI face parses flags and prints; it may not reach the desktop face.',
    files: ['main/cli/**'],
    folders: ['main/cli/**', 'main/backend', 'main/web/**', ...BACK_END],
    packages: ['commander', 'zod', NODE],
  },
  {
    name: 'main/backend.ts',
    why: 'the composition root wires capabilities, never a face.',
    files: ['main/backend.ts', 'main/version.ts'],
    folders: BACK_END,
    packages: [NODE],
  },
  {
    name: 'main/api/',
    why: 'the contract gate sees only common/ and itself.',
    files: ['main/api/**'],
    folders: ['main/api/**', 'common/**'],
    packages: ['zod', NODE],
  },
  {
    name: 'main/engine/',
    why: 'the engine runs steps through its Remote interface only: no ssh/, steps/ or services.',
    files: ['main/engine/**'],
    // main/evidence: the read-only failure evidence, itself only engine + common (below).
    folders: ['main/engine/**', 'main/evidence/**', 'common/**'],
    packages: ['node:crypto', 'node:fs', 'node:fs/promises', 'node:path'],
  },
  {
    name: 'main/evidence/',
    why: 'failure evidence reads nodes through the engine Remote only, as the engine does.',
    files: ['main/evidence/**'],
    folders: ['main/evidence/**', 'main/engine/**', 'common/**'],
    packages: [],
  },
  {
    name: 'main/ssh/',
    why: 'SSH implements the engine Remote over ssh2; it knows no services or faces.',
    files: ['main/ssh/**'],
    folders: ['main/ssh/**', 'main/engine/**', 'main/store/**', 'common/**'],
    packages: ['ssh2', NODE],
  },
  {
    name: 'main/steps/',
    why: 'steps are data and scripts for the engine.',
    files: ['main/steps/**'],
    // remoteScripts/: the one index of remote scripts (lib.sh, prepended to every step script).
    folders: ['main/steps/**', 'main/engine/**', 'main/remoteScripts/**', 'common/**'],
    packages: [NODE],
  },
  {
    name: 'main/remoteScripts/',
    why: 'the index of remote scripts is data: the scripts as text, nothing that runs them.',
    files: ['main/remoteScripts/**'],
    // The scripts' own folders, for their text only (`?raw`); index.json beside it; common/ for
    // its tests (step ids).
    folders: [
      'main/remoteScripts/**',
      'common/**',
      'main/steps/scripts/**',
      'main/preflight/scripts/**',
      'main/verify/scripts/**',
      'main/certs/scripts/**',
      'main/cluster/scripts/**',
      'main/tokens/scripts/**',
      'main/services/export/kubelab-env.sh*',
    ],
    packages: [NODE],
  },
  {
    name: 'main/store/',
    why: 'the store reads and writes files; it knows no services or faces.',
    files: ['main/store/**'],
    folders: ['main/store/**', 'common/**'],
    packages: ['yaml', 'zod', NODE],
  },
  {
    name: 'main/lab/',
    why: 'the practice lab runs tests/lab/lab.sh on this machine: it reaches no node and no service.',
    files: ['main/lab/**'],
    folders: ['main/lab/**', 'main/store/**', 'common/**'],
    packages: ['yaml', NODE],
  },
  {
    name: 'main/nodes/',
    why: 'machine access (inventory, facts, the SSH pool) knows no operation, step or face.',
    files: ['main/nodes/**'],
    // engine/: the Remote interface that createNodesContext hands out; terminals/: one per backend.
    folders: [
      'main/nodes/**',
      'main/ssh/**',
      'main/store/**',
      'main/api/**',
      'main/engine/**',
      'main/terminals/**',
      'common/**',
    ],
    packages: ['csv-parse', 'csv-parse/*', 'ipaddr.js', 'yaml', 'zod', NODE],
  },
  {
    name: 'main/terminals/',
    why: 'a terminal is a shell on a leased SSH session or a local pty: ssh/, node-pty, no service.',
    files: ['main/terminals/**'],
    folders: ['main/terminals/**', 'main/ssh/**', 'common/**'],
    packages: ['node-pty', NODE],
  },
  {
    name: 'main/ (capabilities, handlers, services)',
    why: 'a capability or handler never imports a face (cli/, web/, electron/).',
    files: ['main/**'],
    folders: BACK_END,
    packages: [
      'yaml',
      'zod',
      'csv-parse',
      'csv-parse/*',
      'ipaddr.js',
      'node-pty',
      'playwright-core',
      'prettier',
      NODE,
    ],
  },
];
