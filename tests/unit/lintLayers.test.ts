// Lint probes (issue: layer rules as allowlists): forbidden imports written into files of each
// layer must fail lint, and the same files with allowed imports must pass — so the rules are
// proven to bite, not just present. ESLint lints the probe text as if it lived at that path.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The rules that state the architecture (eslint.config.js, eslint-rules/layers.js). */
const LAYER_RULES = [
  'kubelab/layer-imports',
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
];

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => LAYER_RULES.includes(m.ruleId ?? ''))
    .map((m) => m.message);
}

const forbidden: Array<[string, string, string]> = [
  ['common/probe.ts', "import pty from 'node-pty';", 'node-pty'],
  ['common/probe.ts', "import { Client } from 'ssh2/lib/client';", 'ssh2/lib/client'],
  ['common/probe.ts', "import { app } from 'electron/main';", 'electron/main'],
  ['common/probe.ts', "import fs from 'node:fs';", 'node:fs'],
  ['common/probe.ts', "import { EventEmitter } from 'events';", 'events'],
  ['common/probe.ts', "import { dispatch } from '../main/api/dispatch';", 'main/api/dispatch'],
  ['renderer/src/probe.ts', "import pty from 'node-pty';", 'node-pty'],
  ['renderer/src/probe.ts', "import { Client } from 'ssh2/lib/client';", 'ssh2/lib/client'],
  ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron/renderer';", 'electron'],
  ['renderer/src/probe.ts', "import { readFile } from 'node:fs/promises';", 'node:fs'],
  ['renderer/src/probe.ts', "import os from 'os';", 'os'],
  ['renderer/src/probe.ts', "import { createBackend } from '../../main/backend';", 'main/backend'],
  ['main/services/probe.ts', "import { program } from '../cli/program';", 'main/cli/program'],
  ['main/services/probe.ts', "import { startServer } from '../web/server';", 'main/web/server'],
  ['main/handlers/probe.ts', "import '../electron/index';", 'main/electron/index'],
  ['main/preflight/probe.ts', "import { app } from 'electron';", 'electron'],
  ['main/engine/probe.ts', "import { SshPool } from '../ssh/pool';", 'main/ssh/pool'],
  ['main/engine/probe.ts', "import { allSteps } from '../steps';", 'main/steps'],
  ['main/engine/probe.ts', "import { Client } from 'ssh2';", 'ssh2'],
  // The practice lab runs lab.sh locally: no engine, no service, no face.
  ['main/lab/probe.ts', "import { runInstall } from '../engine/runner';", 'main/engine/runner'],
  ['main/lab/probe.ts', "import { program } from '../cli/program';", 'main/cli/program'],
  // Machine access knows no operation or face; in main/nodes/ only nodesContext.ts builds sessions.
  ['main/nodes/probe.ts', "import { OPERATION_DEFS } from '../operations';", 'main/operations'],
  ['main/nodes/probe.ts', "import { program } from '../cli/program';", 'main/cli/program'],
  ['main/nodes/probe.ts', "import { SshPool } from '../ssh/pool';", 'createNodesContext'],
  // A terminal is a shell on a leased session: it neither runs steps nor builds sessions.
  [
    'main/terminals/probe.ts',
    "import { runInstall } from '../engine/runner';",
    'main/engine/runner',
  ],
  ['main/terminals/probe.ts', "import { SshPool } from '../ssh/pool';", 'createNodesContext'],
  ['main/store/probe.ts', "import { runInstall } from '../engine/runner';", 'main/engine/runner'],
  ['preload/probe.ts', "import fs from 'node:fs';", 'node:fs'],
  ['tests/unit/probe.ts', "import { app } from 'electron';", 'electron'],
  // Only the composition root builds SSH sessions (SESSION_BUILDERS), not a service, a handler,
  // a face, a lab suite or a bench.
  ['main/services/probe.ts', "import { SshPool } from '../ssh/pool';", 'createNodesContext'],
  ['main/handlers/probe.ts', "import { SshRemote } from '../ssh/sshRemote';", 'createNodesContext'],
  ['main/cli/probe.ts', "import { connectNode } from '../ssh/connection';", 'createNodesContext'],
  [
    'tests/integration/preflight/probe.ts',
    "import { SshPool } from '../../../main/ssh/pool';",
    'createNodesContext',
  ],
  ['bench/probe.ts', "import { SshRemote } from '../main/ssh/sshRemote';", 'createNodesContext'],
];

const allowed: Array<[string, string]> = [
  ['common/probe.ts', "import { z } from 'zod';"],
  ['common/probe.ts', "import type { Plan } from './model/plan';"],
  [
    'renderer/src/probe.ts',
    "import { create } from 'zustand';\nimport { Terminal } from '@xterm/xterm';",
  ],
  [
    'main/services/probe.ts',
    "import { readFile } from 'node:fs/promises';\nimport { runInstall } from '../engine/runner';",
  ],
  [
    'main/engine/probe.ts',
    "import { createHash } from 'node:crypto';\nimport type { Remote } from './remote';",
  ],
  [
    'main/cli/probe.ts',
    "import { Command } from 'commander';\nimport { createBackend } from '../backend';",
  ],
  ['main/electron/probe.ts', "import { app } from 'electron';"],
  [
    'main/lab/probe.ts',
    "import { parse } from 'yaml';\nimport { atomicWrite } from '../store/atomicWrite';",
  ],
  [
    'main/nodes/probe.ts',
    "import { parse } from 'csv-parse/sync';\nimport type { Remote } from '../engine/remote';",
  ],
  [
    'main/terminals/probe.ts',
    "import type * as NodePty from 'node-pty';\nimport { openShell } from '../ssh/shell';",
  ],
  ['preload/probe.ts', "import { contextBridge } from 'electron';"],
  ['main/services/probe.ts', "import type { SshPool } from '../ssh/pool';"],
  [
    'main/nodes/nodesContext.ts',
    "import { SshPool } from '../ssh/pool';\nimport { SshRemote } from '../ssh/sshRemote';",
  ],
  ['main/ssh/probe.ts', "import { connectNode } from './connection';"],
];

describe('layer rules as allowlists', () => {
  // Loading the config and its plugins takes seconds on a busy 2-core machine: once, up front.
  beforeAll(() => eslint.lintText('', { filePath: 'common/warm.ts' }), 60_000);

  it.each(forbidden)('%s: %s fails lint', async (file, code, named) => {
    const errors = await layerErrors(file, code);
    expect(errors.length, `expected a layer error for ${code} in ${file}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(named);
  });

  it.each(allowed)('%s: %s passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
