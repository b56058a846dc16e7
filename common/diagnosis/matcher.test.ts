import { describe, expect, it } from 'vitest';
import { DiagnoseResultSchema } from '../model/diagnosis';
import { FIXES, renderFix, type FixId } from './fixes';
import { classify } from './matcher';
import { SIGNATURES } from './signatures';

describe('classify', () => {
  it('says honestly when nothing is known', () => {
    const r = classify('hello\nworld\n');
    expect(r.known).toBe(false);
    expect(r.diagnoses).toEqual([]);
    expect(r.linesScanned).toBe(2);
    expect(r.summary.en).toMatch(/No known failure signature/);
    expect(DiagnoseResultSchema.parse(r)).toEqual(r);
  });

  it('ranks a cause above the symptom it produces', () => {
    const text = [
      "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
      'kubelet[1]: failed to get sandbox image "registry.k8s.io/pause:3.9": failed to pull image',
    ].join('\n');
    const r = classify(text);
    expect(r.diagnoses.map((d) => d.signatureId)).toEqual([
      'pause-image-blocked',
      'control-plane-timeout',
    ]);
    expect(r.diagnoses[0]?.evidence).toEqual({
      line: 2,
      text: expect.stringContaining('failed to get sandbox image'),
    });
    expect(r.summary.en).toMatch(/line 2.*1 more finding/);
  });

  it('shows the strongest pattern as evidence and counts every matching line', () => {
    const text = [
      'x: Init:ImagePullBackOff',
      'Normal BackOff kubelet Back-off pulling image "docker.io/flannel/flannel:v0.25.1"',
      'y: ErrImagePull',
    ].join('\n');
    const [d] = classify(text).diagnoses;
    expect(d?.signatureId).toBe('image-pull-backoff');
    expect(d?.evidence.line).toBe(2);
    expect(d?.matchedLines).toBe(3);
  });

  it('ignores colour codes, CRLF, syslog tab escapes and JSON-escaped quotes', () => {
    const ansi = '\u001b[31m[ERROR Swap]: running with swap on is not supported\u001b[0m\r';
    expect(classify(ansi).diagnoses[0]?.evidence.text).not.toContain('\r');
    expect(classify(ansi).diagnoses[0]?.signatureId).toBe('swap-on');
    const ansible =
      '"stderr": "...\\n\\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1\\n"';
    expect(classify(ansible).diagnoses[0]?.signatureId).toBe('ip-forward-off');
    const escaped = 'plugin/loop: Seen \\"HINFO IN 1.2.\\" more than twice, loop detected';
    expect(classify(escaped).diagnoses[0]?.signatureId).toBe('coredns-loop');
    expect(classify('#011[ERROR Swap]: x').diagnoses[0]?.signatureId).toBe('swap-on');
  });

  it('cuts very long evidence lines around the match', () => {
    const line = `${'a'.repeat(5000)} [ERROR Swap]: running with swap on ${'b'.repeat(5000)}`;
    const text = classify(line).diagnoses[0]?.evidence.text ?? '';
    expect(text.length).toBeLessThan(420);
    expect(text).toContain('[ERROR Swap]');
  });

  it('fills fix parameters from the evidence', () => {
    const r = classify('dial tcp 10.0.0.5:6443: connect: no route to host');
    const preview = r.diagnoses[0]?.fix.preview;
    expect(preview?.id).toBe('firewalld-open-port');
    expect(preview?.commands[0]).toBe('firewall-cmd --permanent --add-port=6443/tcp');
    const hostname = classify(
      'a Node with name "node-2" and status "Ready" already exists in the cluster',
    );
    expect(hostname.diagnoses[0]?.fix.preview?.commands).toEqual([
      'hostnamectl set-hostname node-2',
    ]);
    expect(hostname.diagnoses[0]?.fix.preview?.missingParams).toEqual([]);
  });

  it('keeps the last MAX_LINES lines of a huge paste and numbers them as in the input', () => {
    const filler = Array.from({ length: 200_010 }, () => 'noise').join('\n');
    const r = classify(`${filler}\n[ERROR Swap]: on`);
    expect(r.linesScanned).toBe(200_000);
    expect(r.diagnoses[0]?.evidence.line).toBe(200_011);
  });
});

describe('signatures as data', () => {
  it('have unique ids, both languages, and no stateful (global/sticky) regexes', () => {
    const ids = SIGNATURES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SIGNATURES) {
      for (const text of [s.title, s.explanation, s.fix.text]) {
        expect(text.en.length, s.id).toBeGreaterThan(3);
        expect(text.zh, s.id).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const p of s.patterns) expect(p.global || p.sticky, `${s.id} ${p}`).toBe(false);
      expect(s.weight).toBeGreaterThan(0);
      expect(s.weight).toBeLessThanOrEqual(100);
    }
  });

  it('cover every failure mode of failure-modes.md', () => {
    const ids = new Set(SIGNATURES.map((s) => s.id));
    for (const id of [
      'cgroup-driver-mismatch',
      'swap-on',
      'br-netfilter-missing',
      'ip-forward-off',
      'pause-image-blocked',
      'image-pull-blocked',
      'legacy-package-repo',
      'package-repo-404',
      'kubelet-version-skew',
      'join-token-expired',
      'certificate-key-expired',
      'cni-not-initialized',
      'wrong-interface',
      'firewall-blocked',
      'multiple-cri-sockets',
      'clock-skew',
      'hostname-invalid',
      'hostname-unresolvable',
      'duplicate-node-name',
      'leftovers',
      'port-in-use',
      'coredns-loop',
      'control-plane-timeout',
      'image-pull-backoff',
      'kubeconfig-missing',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('renderFix', () => {
  it('renders every fix, reporting parameters the caller must supply', () => {
    for (const id of Object.keys(FIXES) as FixId[]) {
      const preview = renderFix(id);
      expect(preview.commands.length, id).toBeGreaterThan(0);
      for (const name of preview.missingParams) {
        expect(preview.commands.join('\n'), id).toContain(`\${${name}}`);
      }
    }
    expect(renderFix('pause-image-mirror').missingParams).toEqual(['imageRepository']);
    expect(
      renderFix('pause-image-mirror', {
        imageRepository: 'registry.aliyuncs.com/google_containers',
      }).commands[0],
    ).toContain('sandbox_image = "registry.aliyuncs.com/google_containers/pause:3.9"');
  });

  it('refuses parameter values that could break out of the shell line', () => {
    const preview = renderFix('set-hostname', { hostname: 'x; rm -rf /' });
    expect(preview.missingParams).toEqual(['hostname']);
    expect(preview.commands[0]).toBe('hostnamectl set-hostname ${hostname}');
  });

  it('marks the reset as destructive and nothing else', () => {
    const destructive = (Object.keys(FIXES) as FixId[]).filter((id) => renderFix(id).destructive);
    expect(destructive).toEqual(['reset-node']);
  });
});

describe('two machines behind one Node (wait-ready)', () => {
  // The lines main/steps/scripts/wait-ready.sh prints (main/steps/waitReadyScript.test.ts).
  const output = [
    '[kubelab] waiting for: 172.31.23.12',
    '[kubelab] error: two machines registered as one Node node1 (172.31.23.11, 172.31.23.12): node1 and node2 have one hostname; on node2 run hostnamectl set-hostname node2 and kubeadm reset -f, then kubelab add-node node2',
  ].join('\n');

  it('leads with the cause, the Node and both addresses as evidence', () => {
    const [d] = classify(output).diagnoses;
    expect(d?.signatureId).toBe('node-shared-by-two-machines');
    expect(d?.kind).toBe('cause');
    expect(d?.evidence.line).toBe(2);
    expect(d?.evidence.text).toContain('Node node1 (172.31.23.11, 172.31.23.12)');
    expect(d?.title.zh).toContain('同一个节点');
    // No fix preview: its commands run on the other machine, not the failed node (wait-ready
    // runs on the control plane), which a diagnosis fix cannot target.
    expect(d?.fix.preview).toBeUndefined();
    expect(d?.fix.text.en).toMatch(/hostnamectl set-hostname.*kubeadm reset -f.*kubelab add-node/);
  });

  it('outranks the timeout wait-ready gives otherwise', () => {
    const timedOut = `${output}\n[kubelab] error: nodes not Ready after 600 s: 172.31.23.12`;
    expect(classify(timedOut).diagnoses[0]?.signatureId).toBe('node-shared-by-two-machines');
  });
});
