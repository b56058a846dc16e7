import { describe, expect, it } from 'vitest';
import { appUrlCheck } from './appUrl';

describe('appUrlCheck (file:// build)', () => {
  const isApp = appUrlCheck('file:///opt/kubelab/out/renderer');

  it.each([
    ['file:///opt/kubelab/out/renderer/index.html', true],
    ['file:///opt/kubelab/out/renderer/index.html#/install', true],
    ['file:///opt/kubelab/out/renderer/assets/index-abc.js', true],
    ['file:///opt/kubelab/out/renderer', true],
    // A sibling folder shares the string prefix but is not the app.
    ['file:///opt/kubelab/out/renderer-evil/index.html', false],
    ['file:///opt/kubelab/out/rendererevil.html', false],
    // `..` (plain or percent-encoded) is resolved before the comparison.
    ['file:///opt/kubelab/out/renderer/../renderer-evil/index.html', false],
    ['file:///opt/kubelab/out/renderer/%2e%2e/renderer-evil/index.html', false],
    ['file:///opt/kubelab/out/renderer/..%2frenderer-evil/index.html', false],
    ['file:///opt/kubelab/out/renderer/..%5Crenderer-evil/index.html', false],
    ['file://evil-host/opt/kubelab/out/renderer/index.html', false],
    ['https://evil.example.com/opt/kubelab/out/renderer/index.html', false],
    ['file:///opt/kubelab/out/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isApp(url)).toBe(expected);
  });
});

describe('appUrlCheck (dev server)', () => {
  const isApp = appUrlCheck('http://localhost:5173');

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/src/main.tsx', true],
    ['http://localhost:51730/', false],
    ['http://localhost:5173.evil.com/', false],
    ['http://user@localhost:5173/', false],
    ['https://localhost:5173/', false],
  ])('%s → %s', (url, expected) => {
    expect(isApp(url)).toBe(expected);
  });
});
