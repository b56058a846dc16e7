import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunState } from '../../common/model/runEvent';
import { VerificationSchema, type Verification } from '../../common/model/verification';
import { atomicWrite } from './atomicWrite';

/**
 * The project's verification record: the last after-install verification, kept by main/store
 * (not by verify/ itself) beside the project file as kubelab-verification.json, for the cluster
 * report, the support bundle and `verify.last` (results survive a reload). Like the preflight
 * record (preflightRecord.ts); an untitled project keeps none.
 */
export function verificationPath(projectFile: string): string {
  return join(dirname(projectFile), 'kubelab-verification.json');
}

export async function saveVerification(projectFile: string, v: Verification): Promise<string> {
  const path = verificationPath(projectFile);
  await atomicWrite(path, `${JSON.stringify(v, null, 2)}\n`);
  return path;
}

export async function loadVerification(projectFile: string): Promise<Verification | undefined> {
  try {
    return VerificationSchema.parse(
      JSON.parse(await readFile(verificationPath(projectFile), 'utf8')),
    );
  } catch {
    return undefined;
  }
}

/**
 * The last verification as the report may show it: left out when a run recorded in the project
 * started after it was taken, since it then describes a cluster that has changed (a reinstall
 * after a reset, machines added or reset). Without a recorded run it is shown, with its time.
 */
export function currentVerification(
  v: Verification | undefined,
  runState: Pick<RunState, 'startedAt'> | undefined,
): Verification | undefined {
  if (!v || !runState) return v;
  return Date.parse(v.checkedAt) >= Date.parse(runState.startedAt) ? v : undefined;
}
