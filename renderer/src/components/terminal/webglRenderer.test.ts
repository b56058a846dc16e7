import { describe, expect, it } from 'vitest';
import { webgl2Available } from './webglRenderer';

const UNMASKED_RENDERER_WEBGL = 0x9246;

/** A document whose canvases give `gl` for 'webgl2' (null: no WebGL2 at all). */
function docWith(gl: object | null): Document {
  return {
    createElement: () => ({ getContext: (kind: string) => (kind === 'webgl2' ? gl : null) }),
  } as unknown as Document;
}

function glReporting(renderer: string): { gl: object; lost: () => boolean } {
  let lost = false;
  const gl = {
    getExtension: (name: string) =>
      name === 'WEBGL_debug_renderer_info'
        ? { UNMASKED_RENDERER_WEBGL }
        : name === 'WEBGL_lose_context'
          ? { loseContext: () => (lost = true) }
          : null,
    getParameter: (p: number) => (p === UNMASKED_RENDERER_WEBGL ? renderer : undefined),
  };
  return { gl, lost: () => lost };
}

describe('webgl2Available', () => {
  it('is false without a WebGL2 context (no GPU, or --disable-gpu): the DOM renderer stays', () => {
    expect(webgl2Available(docWith(null))).toBe(false);
  });

  it('is false on a software rasteriser, where WebGL costs more than the DOM renderer', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
    ]) {
      const { gl, lost } = glReporting(name);
      expect(webgl2Available(docWith(gl))).toBe(false);
      expect(lost()).toBe(true); // the probe context is released either way
    }
  });

  it('is true on a GPU', () => {
    const { gl, lost } = glReporting(
      'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    );
    expect(webgl2Available(docWith(gl))).toBe(true);
    expect(lost()).toBe(true);
  });

  it('is false when probing throws', () => {
    const doc = {
      createElement: () => {
        throw new Error('no canvas');
      },
    } as unknown as Document;
    expect(webgl2Available(doc)).toBe(false);
  });
});
