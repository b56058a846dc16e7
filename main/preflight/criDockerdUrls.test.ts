import { describe, expect, it } from 'vitest';
import { modernPlan } from '../../common/plan/presets';
import { planUrls } from './mirrors';

const dockerd = { ...modernPlan(), runtime: 'cri-dockerd' as const };

describe('preflight reachability with cri-dockerd', () => {
  it('tries the cri-dockerd release package besides Docker CE', () => {
    const deb = planUrls(dockerd, 'deb', 'ubuntu').map((u) => u.url);
    expect(deb).toContain(
      'https://github.com/Mirantis/cri-dockerd/releases/download/v0.3.16/cri-dockerd_0.3.16.3-0.ubuntu-jammy_amd64.deb',
    );
    expect(deb).toContain('https://download.docker.com/linux/ubuntu/');
    const rpm = planUrls(dockerd, 'rpm', 'rocky').map((u) => u.url);
    expect(rpm).toContain(
      'https://github.com/Mirantis/cri-dockerd/releases/download/v0.3.16/cri-dockerd-0.3.16-3.fc36.x86_64.rpm',
    );
    expect(planUrls(modernPlan(), 'deb', 'ubuntu').some((u) => u.url.includes('cri-dockerd'))).toBe(
      false,
    );
  });
});
