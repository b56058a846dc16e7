/**
 * What Electron's context bridge does to a value crossing from the preload's world into the
 * page's, for tests that cannot run Electron: a native Error is rebuilt from its message only
 * (PassValueToOtherContext in electron/shell/renderer/api/electron_api_context_bridge.cc:
 * "Errors aren't serializable currently, we need to pull the message out and re-construct in
 * the destination context"), any other value is copied (the docs' "Object | Complex" row:
 * prototype modifications are dropped).
 */
export function acrossContextBridge(value: unknown): unknown {
  if (value instanceof Error) return new Error(value.message);
  return structuredClone(value);
}
