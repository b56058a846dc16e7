import type { Terminal } from '@xterm/xterm';

export type RendererKind = 'webgl' | 'dom';

/** Renderer names of software rasterisers: WebGL there costs more CPU than the DOM renderer. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/**
 * Whether this page can draw with WebGL2 on a GPU. Without one (or with Chromium's
 * --disable-gpu, as in the tests and benchmarks here) there is no context, or only a software
 * one; then the addon is not even loaded. The probe context is released at once so it does not
 * count against the page's context limit.
 */
export function webgl2Available(doc: Document = document): boolean {
  try {
    const gl = doc.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !SOFTWARE_GL.test(String(renderer));
  } catch {
    return false;
  }
}

/**
 * Draws `term` with xterm.js's WebGL renderer where WebGL2 exists (far less main-thread work per
 * frame than the DOM renderer under a fast `cat`), else leaves the DOM renderer in place. A lost
 * GPU context (driver reset, too many contexts) disposes the addon, which puts the DOM renderer
 * back. Resolves to the renderer in use; `isDisposed` stops a late load on a closed terminal.
 */
export async function loadWebglRenderer(
  term: Terminal,
  isDisposed: () => boolean,
): Promise<RendererKind> {
  if (!webgl2Available()) return 'dom';
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    if (isDisposed()) return 'dom';
    const addon = new WebglAddon();
    addon.onContextLoss(() => addon.dispose());
    term.loadAddon(addon);
    return 'webgl';
  } catch (err) {
    // The addon refuses a context it cannot use; the DOM renderer is still drawing.
    console.warn('kubelab: WebGL terminal renderer unavailable, using the DOM renderer', err);
    return 'dom';
  }
}
