import certs from '../certs/scripts/certs.sh?raw';
import haProbe from '../cluster/scripts/ha-probe.sh?raw';
import probe from '../preflight/scripts/probe.sh?raw';
import listen from '../preflight/scripts/listen.sh?raw';
import connect from '../preflight/scripts/connect.sh?raw';
import collect from '../preflight/scripts/collect.sh?raw';
import stop from '../preflight/scripts/stop.sh?raw';
import runfix from '../preflight/scripts/runfix.sh?raw';
import vip from '../preflight/scripts/vip.sh?raw';
import offline from '../preflight/scripts/offline.sh?raw';
import exportEnv from '../services/export/kubelab-env.sh?raw';
import lib from '../steps/scripts/lib.sh?raw';
import tokens from '../tokens/scripts/tokens.sh?raw';
import verify from '../verify/scripts/verify.sh?raw';
import index from './index.json';

/** A registered script's name: the keys of index.json's `scripts`. */
export type RemoteScriptName = keyof typeof index.scripts;

/**
 * The text of every named script of the index (index.json), bundled verbatim by Vite's `?raw`.
 * Vite needs a literal path per import, so each file is named twice — here and in the index —
 * and index.test.ts holds the two equal (same names, each text the file's bytes on disk).
 * Step scripts (index.json's `stepFolders`) are imported by their own step file instead.
 */
export const REMOTE_SCRIPTS: Readonly<Record<RemoteScriptName, string>> = {
  'steps/lib': lib,
  'cluster/ha-probe': haProbe,
  'preflight/probe': probe,
  'preflight/listen': listen,
  'preflight/connect': connect,
  'preflight/collect': collect,
  'preflight/stop': stop,
  'preflight/runfix': runfix,
  'preflight/vip': vip,
  'preflight/offline': offline,
  'verify/verify': verify,
  'certs/certs': certs,
  'tokens/tokens': tokens,
  'export/kubelab-env': exportEnv,
};

/** A registered script's text, by its name in the index. */
export function remoteScript(name: RemoteScriptName): string {
  return REMOTE_SCRIPTS[name];
}

/** The index itself (names → repository paths, step folders), for the export and the checks. */
export const REMOTE_SCRIPT_INDEX: {
  readonly scripts: Readonly<Record<RemoteScriptName, string>>;
  readonly stepFolders: readonly string[];
} = index;
