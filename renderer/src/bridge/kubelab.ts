import type { KubelabApi } from '../../../common/api';
import { withAppErrors } from './desktopBridge';
import { createWebBridge } from './webBridge';

declare global {
  interface Window {
    kubelab?: KubelabApi;
  }
}

/**
 * The API the whole renderer uses: the desktop preload's object when present (its errors made
 * AppErrors again, desktopBridge.ts), else the web bridge. Nothing else in the renderer knows
 * which face it runs in.
 */
export const kubelab: KubelabApi = window.kubelab
  ? withAppErrors(window.kubelab)
  : createWebBridge(window.location);
