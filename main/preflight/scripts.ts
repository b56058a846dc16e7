import { remoteScript } from '../remoteScripts/remoteScripts';

/**
 * The static bash scripts preflight runs on nodes (data only through the environment), from the
 * one index of remote scripts (main/remoteScripts/index.json).
 */
export const SCRIPTS = {
  probe: remoteScript('preflight/probe'),
  listen: remoteScript('preflight/listen'),
  connect: remoteScript('preflight/connect'),
  collect: remoteScript('preflight/collect'),
  stop: remoteScript('preflight/stop'),
  runfix: remoteScript('preflight/runfix'),
  vip: remoteScript('preflight/vip'),
  offline: remoteScript('preflight/offline'),
} as const;
