import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabNode, LabScenario, LabStatus } from '../../common/contracts/lab';
import { AppError } from '../../common/model/appError';
import { atomicWrite } from '../store/atomicWrite';
import { configDir } from '../store/paths';
import { labShRunner, type LabRunner } from './labProcess';
import {
  DEFAULT_OWNER_DIR,
  ownerAlive,
  ownerFile,
  processStartTime,
  readOwner,
  removeOwner,
  writeOwner,
  type LabOwner,
} from './labOwner';
import { listScenarios } from './labScenarios';
import { labUnavailableReason, missingLabPackages } from './labTools';

export interface LabServiceOptions {
  /** tests/lab of the source tree; undefined when kubelab runs without it (a packaged app). */
  labDir: string | undefined;
  /** Where the running lab's project file is written (it is rewritten at every up). */
  projectDir: string;
  env?: NodeJS.ProcessEnv;
  ownerDir?: string;
  platform?: NodeJS.Platform;
  uid?: number;
  pid?: number;
  run?: LabRunner;
  /** Missing Debian packages (injected by tests; default: look on PATH). */
  missingPackages?: () => string[];
  /** Progress for a person watching (lab.sh's own lines and kubelab's). */
  onProgress?: (line: string) => void;
}

/** Finds tests/lab from the bundle (out/main) or the sources (main/lab), whichever runs. */
export function defaultLabDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, 'tests', 'lab');
    if (existsSync(join(candidate, 'lab.sh'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

interface StatusJson {
  up: boolean;
  scenario?: string;
  nodes: { name: string; address: string; role: string; later?: boolean }[];
}

/**
 * The practice lab for kubelab's faces: list, up, down, status. The lab itself is tests/lab/lab.sh
 * (one per LAB_INSTANCE); this service adds what a product needs around it — a clear refusal where
 * it cannot run, the project file for the running lab, and ownership: kubelab takes down only a
 * lab it brought up, reuses one started by hand, refuses one another live kubelab uses, and starts
 * afresh one left by a crashed run. Calls run one after another (an up and a Ctrl-C's down never
 * interleave).
 */
export class LabService {
  private readonly run: LabRunner;
  private readonly owner: string;
  private readonly pid: number;
  private queue: Promise<unknown> = Promise.resolve();
  private project: string | undefined;

  constructor(private readonly opts: LabServiceOptions) {
    const env = opts.env ?? process.env;
    this.run = opts.run ?? labShRunner(opts.labDir ?? '.', env);
    this.owner = ownerFile(opts.ownerDir ?? DEFAULT_OWNER_DIR, env.LAB_INSTANCE ?? '');
    this.pid = opts.pid ?? process.pid;
  }

  /** Why the lab cannot run here, or undefined. */
  unavailableReason(): string | undefined {
    return labUnavailableReason({
      platform: this.opts.platform ?? process.platform,
      uid: this.opts.uid ?? process.getuid?.(),
      labDirFound: this.opts.labDir !== undefined,
      missingPackages: (this.opts.missingPackages ?? missingLabPackages)(),
    });
  }

  scenarios(): { available: boolean; reason?: string; scenarios: LabScenario[] } {
    const reason = this.unavailableReason();
    const scenarios = this.opts.labDir ? listScenarios(this.opts.labDir) : [];
    return reason ? { available: false, reason, scenarios } : { available: true, scenarios };
  }

  status(): Promise<LabStatus> {
    return this.serial(() => this.readStatus());
  }

  /** Brings `scenario` up (or reuses it) and writes its project file; see the class comment. */
  up(scenario: string): Promise<LabStatus> {
    return this.serial(async () => {
      this.requireAvailable();
      if (!this.scenarios().scenarios.some((s) => s.name === scenario)) {
        throw new AppError({
          code: 'unknown_scenario',
          message: `There is no practice lab scenario "${scenario}".`,
          field: 'scenario',
        });
      }
      const current = await this.readStatus();
      if (current.up && !(await this.clearForUp(current, scenario))) {
        return this.withProject(current);
      }
      writeOwner(this.owner, { pid: this.pid, startTime: processStartTime(this.pid), scenario });
      this.progress(`practice lab: starting scenario "${scenario}"…`);
      const r = await this.run(['up', scenario], (line) => this.progress(line));
      if (r.code !== 0) {
        await this.run(['down']);
        removeOwner(this.owner);
        throw new AppError({
          code: 'lab_failed',
          message: `The practice lab did not start: ${lastLines(r.stderr)}`,
        });
      }
      return this.withProject(await this.readStatus());
    });
  }

  /** Takes the lab down, unless another live kubelab is using it. */
  down(): Promise<LabStatus> {
    return this.serial(async () => {
      this.requireAvailable();
      const owner = readOwner(this.owner);
      if (owner && owner.pid !== this.pid && ownerAlive(owner)) throw busy(owner);
      await this.takeDown();
      return this.readStatus();
    });
  }

  /** On exit: takes the lab down only if this kubelab brought it up (after any pending up). */
  shutdown(): Promise<void> {
    return this.serial(async () => {
      const owner = readOwner(this.owner);
      if (owner?.pid === this.pid) await this.takeDown();
    });
  }

  /**
   * Decides what to do with a lab that is already up: true when it was taken down (so the caller
   * brings `scenario` up), false to reuse it as it is; throws when it must be left alone.
   */
  private async clearForUp(current: LabStatus, scenario: string): Promise<boolean> {
    const owner = readOwner(this.owner);
    if (owner && owner.pid !== this.pid && ownerAlive(owner)) throw busy(owner);
    if (owner && owner.pid !== this.pid) {
      // Left by a kubelab that crashed: its nodes may be half set up, so start afresh.
      this.progress('practice lab: a previous kubelab run left the lab up; starting it afresh');
      await this.takeDown();
      return true;
    }
    if (current.scenario === scenario) {
      if (!owner)
        this.progress('practice lab: reusing the lab that is already up (left up on exit)');
      return false;
    }
    if (owner) {
      await this.takeDown();
      return true;
    }
    throw new AppError({
      code: 'lab_in_use',
      message:
        `The practice lab is up with scenario "${current.scenario ?? '?'}", started outside kubelab. ` +
        'Take it down with `npm run lab -- down`, or use another lab with LAB_INSTANCE=<1-49>.',
    });
  }

  private async takeDown(): Promise<void> {
    this.progress('practice lab: taking it down…');
    const r = await this.run(['down'], (line) => this.progress(line));
    if (r.code !== 0) {
      throw new AppError({
        code: 'lab_failed',
        message: `The practice lab did not go down cleanly: ${lastLines(r.stderr)}`,
      });
    }
    removeOwner(this.owner);
    this.project = undefined;
  }

  /** Writes `lab.sh project` for the running lab (fresh host keys each up) and returns status. */
  private async withProject(status: LabStatus): Promise<LabStatus> {
    const r = await this.run(['project']);
    if (r.code !== 0) {
      throw new AppError({
        code: 'lab_failed',
        message: `The practice lab gave no project: ${lastLines(r.stderr)}`,
      });
    }
    await mkdir(this.opts.projectDir, { recursive: true });
    const file = join(this.opts.projectDir, `${status.scenario ?? 'lab'}.kubelab.yaml`);
    await atomicWrite(file, r.stdout, 0o600);
    this.project = file;
    return { ...status, projectPath: file };
  }

  private async readStatus(): Promise<LabStatus> {
    const reason = this.unavailableReason();
    if (reason) return { available: false, reason, up: false, nodes: [], owned: false };
    const r = await this.run(['status', '--json']);
    let parsed: StatusJson = { up: false, nodes: [] };
    try {
      parsed = JSON.parse(r.stdout) as StatusJson;
    } catch {
      throw new AppError({
        code: 'lab_failed',
        message: `Cannot read the practice lab's status: ${lastLines(r.stderr)}`,
      });
    }
    const owner: LabOwner | undefined = readOwner(this.owner);
    const nodes: LabNode[] = parsed.nodes.map((n) => ({
      name: n.name,
      address: n.address,
      role: n.role,
      later: n.later === true,
    }));
    const status: LabStatus = { available: true, up: parsed.up, nodes, owned: false };
    if (parsed.scenario) status.scenario = parsed.scenario;
    if (parsed.up && owner?.pid === this.pid) status.owned = true;
    if (parsed.up && this.project) status.projectPath = this.project;
    return status;
  }

  private requireAvailable(): void {
    const reason = this.unavailableReason();
    if (reason) throw new AppError({ code: 'lab_unavailable', message: reason });
  }

  private progress(line: string): void {
    this.opts.onProgress?.(line);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function busy(owner: LabOwner): AppError {
  return new AppError({
    code: 'lab_busy',
    message:
      `Another kubelab (pid ${owner.pid}) is using the practice lab (scenario "${owner.scenario}"). ` +
      'Stop it first, or use another lab with LAB_INSTANCE=<1-49>.',
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no output';
}

/** The lab service a face gets unless it brings its own (serve passes one to print progress). */
export function defaultLabService(opts: Partial<LabServiceOptions> = {}): LabService {
  return new LabService({
    labDir: defaultLabDir(),
    projectDir: join(configDir(), 'lab'),
    ...opts,
  });
}
