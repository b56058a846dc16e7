/**
 * The install engine's public surface. Step authors need `Step`, `ScriptSpec`, `StepContext`,
 * `scriptCheck` and `CHECK_NEEDED_EXIT`; faces need `InstallService` / `InstallDeps` (usually via
 * createBackend's `install` deps) or `runInstall` directly; stores need `FileLogSink`.
 */
export { CHECK_NEEDED_EXIT, scriptCheck, tail } from './step';
export type {
  CheckResult,
  ScriptSpec,
  Step,
  StepContext,
  StepDependency,
  StepOutputs,
} from './step';
export { runInstall } from './runner';
export type { RunOptions } from './runner';
export { InstallService } from './installService';
export type { InstallDeps, InstallTarget, RunStateStore, StartRequest } from './installService';
export { FileLogSink } from './fileLogSink';
export { MemoryLogSink, nullLogSink } from './logSink';
export type { LogSink } from './logSink';
export { LineRedactor, redact, redactEnv, REDACTED } from './redact';
export { detachedRef } from './detached';
export type { SaveState } from './stateWriter';
