// The checks that only warn before an install (fixedBy) rely on these steps doing the work: this
// holds them to it, so a step that stops loading a module or setting the driver fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_MODULES, REQUIRED_SYSCTLS } from '../../common/preflight/checks/kernel';
import { KUBELET_CGROUP_DRIVER } from '../../common/preflight/checks/runtime';
import { guidePlan, modernPlan } from '../../common/plan/presets';
import { dockerDaemonJson } from '../steps/container-runtime';

const script = (id: string): string =>
  readFileSync(join(import.meta.dirname, '..', 'steps', 'scripts', `${id}.sh`), 'utf8');

describe('what preflight leaves to the install steps', () => {
  it('prepare-os loads the modules and sets the sysctls the checks ask for', () => {
    const s = script('prepare-os');
    for (const m of REQUIRED_MODULES) expect(s).toContain(`modprobe ${m}`);
    const sysctls = /^SYSCTLS=\((.*)\)$/m.exec(s)?.[1]?.split(' ') ?? [];
    expect([...sysctls].sort()).toEqual([...REQUIRED_SYSCTLS].sort());
  });

  it('container-runtime gives docker and containerd the driver the kubelet gets', () => {
    const daemon = JSON.parse(dockerDaemonJson(guidePlan())) as { 'exec-opts': string[] };
    expect(daemon['exec-opts']).toContain(`native.cgroupdriver=${KUBELET_CGROUP_DRIVER}`);
    expect(JSON.parse(dockerDaemonJson(modernPlan()))).toMatchObject({
      'exec-opts': daemon['exec-opts'],
    });
    expect(script('container-runtime')).toContain(
      '/^[[:space:]]*SystemdCgroup = / { sub(/=.*/, "= true") }',
    );
  });

  it('kube-packages installs the kubelet package, which brings the tools', () => {
    // The tools themselves are the package's dependencies (see PACKAGED_TOOLS); the step must
    // install through the package manager, not copy binaries.
    const s = script('kube-packages');
    expect(s).toMatch(/^PKGS=\(kubelet kubeadm kubectl\)$/m);
    expect(s).toMatch(/specs\+=\("\$p=\$v"\)[\s\S]*kl_apt install [^\n]*"\$\{specs\[@\]\}"/);
    expect(s).toMatch(/specs\+=\("\$p-\$v"\)[\s\S]*install -y [^\n]*"\$\{specs\[@\]\}"/);
  });
});
