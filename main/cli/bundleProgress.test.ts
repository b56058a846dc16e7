import { describe, expect, it } from 'vitest';
import { bundleProgressPrinter } from './bundleProgress';

describe('bundle build progress lines', () => {
  it('names the artifact and the mirror that failed, then the fallback used', () => {
    const lines: string[] = [];
    const print = bundleProgressPrinter((l) => lines.push(l));
    print({ kind: 'artifact', id: 'deb/amd64/kubelet@1.29.6', state: 'reused', index: 1, of: 3 });
    print({
      kind: 'artifact',
      id: 'deb/amd64/kubeadm@1.29.6',
      state: 'downloading',
      index: 2,
      of: 3,
    });
    print({
      kind: 'done',
      id: 'deb/amd64/kubeadm@1.29.6',
      bytes: 2048,
      source: { profile: 'upstream', location: 'https://pkgs.k8s.io/x.deb' },
      failures: [
        {
          source: { profile: 'plan', location: 'http://mirror/x.deb' },
          error: 'http://mirror/x.deb: SHA-256 aa, the source publishes bb',
        },
      ],
    });
    expect(lines.slice(2)).toEqual([
      '  deb/amd64/kubeadm@1.29.6: mirror plan (http://mirror/x.deb) failed: http://mirror/x.deb: SHA-256 aa, the source publishes bb\n',
      '  deb/amd64/kubeadm@1.29.6: 2.0 KiB from upstream (fallback) — 2/3 done, 2.0 KiB downloaded\n',
    ]);
  });

  it('prints bytes, speed and ETA at most once a second per artifact', () => {
    const lines: string[] = [];
    let t = 0;
    const print = bundleProgressPrinter(
      (l) => lines.push(l),
      () => t,
    );
    const p = { kind: 'progress' as const, id: 'a', url: 'u', total: 4 << 20, speed: 1 << 20 };
    print({ ...p, bytes: 1 << 20, etaSeconds: 3 });
    t = 500;
    print({ ...p, bytes: 2 << 20, etaSeconds: 2 });
    t = 1200;
    print({ ...p, bytes: 3 << 20, etaSeconds: 0.5 });
    expect(lines).toEqual([
      '  a: 1.0 MiB / 4.0 MiB, 1.0 MiB/s, ETA 3 s\n',
      '  a: 3.0 MiB / 4.0 MiB, 1.0 MiB/s, ETA 1 s\n',
    ]);
  });
});
