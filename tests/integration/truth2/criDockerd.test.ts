// Issue 16 on the lab, part 3: Docker Engine on Kubernetes ≥ 1.24 through cri-dockerd. The
// catalog's newest release installs with Docker CE plus cri-dockerd's release package, and
// kubeadm, the kubelet and crictl all use unix:///var/run/cri-dockerd.sock; with cri-dockerd
// stopped, crictl fails as it does for real and `kubelab diagnose` names it; without dockerd,
// cri-docker.service fails with cri-dockerd's own fatal line. Lab instance TRUTH_LAB_INSTANCE (default 11).
import './instance';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnoseResultSchema } from '../../../common/model/diagnosis';
import { buildCli, kubelab, lab, labWorkspace, nodeStatus, onNode } from '../install/helpers';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
});

const SOCKET = 'unix:///var/run/cri-dockerd.sock';

describe('Docker through cri-dockerd', () => {
  it(
    'installs the newest release with docker-ce and cri-dockerd 0.3.16',
    { timeout: 300_000 },
    () => {
      const ws = labWorkspace('cri-dockerd');
      const r = kubelab(ws, 'apply', '-f', ws.project);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect([...nodeStatus('cp1').values()]).toEqual(['Ready']);
      expect(onNode('cp1', 'cat /var/lib/lab-pkgs/kubeadm').trim()).toBe('1.37.2-1.1');
      expect(onNode('cp1', 'cat /var/lib/lab-pkgs/cri-dockerd').trim()).toBe(
        '0.3.16.3-0.ubuntu-jammy',
      );
      expect(onNode('cp1', 'cat /var/lib/lab-pkgs/docker-ce').trim()).not.toBe('');
      expect(onNode('cp1', 'cri-dockerd --version').trim()).toBe('cri-dockerd 0.3.16 (7119864)');
      expect(onNode('cp1', 'cat /etc/systemd/system/cri-docker.service.d/10-kubelab.conf')).toMatch(
        /^# kubelab: cri-dockerd 0\.3\.16\n\[Service\]\nExecStart=\nExecStart=\/usr\/bin\/cri-dockerd --container-runtime-endpoint fd:\/\/ --pod-infra-container-image=registry\.k8s\.io\/pause:[\d.]+ --network-plugin=cni\n$/,
      );
      expect(
        onNode('cp1', 'systemctl is-enabled cri-docker.socket; systemctl is-active cri-docker'),
      ).toBe('enabled\nactive\n');
      // The unit ran the drop-in's command line through cri-dockerd (flags accepted, dockerd up).
      expect(onNode('cp1', 'journalctl -u cri-docker --no-pager')).toMatch(
        /level=info msg="Starting cri-dockerd 0\.3\.16 \(7119864\)"\n(.*\n)*.*level=info msg="Docker cri networking managed by network plugin cni"\n/,
      );
      expect(onNode('cp1', 'cat /etc/kubernetes/kubelab/kubeadm-config.yaml')).toContain(
        `criSocket: ${SOCKET}\n`,
      );
      expect(onNode('cp1', 'cat /var/lib/kubelet/kubeadm-flags.env')).toContain(
        `--container-runtime-endpoint=${SOCKET}`,
      );
      // crictl reaches Docker's images through cri-dockerd (/etc/crictl.yaml names its socket).
      expect(onNode('cp1', 'cat /etc/crictl.yaml')).toContain(`runtime-endpoint: ${SOCKET}\n`);
      expect(onNode('cp1', 'crictl images')).toMatch(/^registry\.k8s\.io\/pause\s/m);

      // With cri-dockerd's socket gone, crictl fails with the real dial error, and kubelab's
      // diagnosis names it from that output.
      const down = onNode(
        'cp1',
        'systemctl stop cri-docker.service cri-docker.socket; crictl images 2>&1; echo "exit $?"',
      );
      expect(down).toMatch(
        /level=fatal msg="validate service connection: validate CRI v1 image API for endpoint \\"unix:\/\/\/var\/run\/cri-dockerd\.sock\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix \/var\/run\/cri-dockerd\.sock: connect: no such file or directory\\""\nexit 1\n$/,
      );
      writeFileSync(join(ws.dir, 'crictl.log'), down);
      const diagnosis = kubelab(ws, 'diagnose', 'crictl.log', '--json');
      expect(diagnosis.code, diagnosis.stderr).toBe(0);
      const { diagnoses } = DiagnoseResultSchema.parse(JSON.parse(diagnosis.stdout));
      expect(diagnoses[0]?.signatureId).toBe('cri-dockerd-down');

      // Without dockerd, cri-docker.service fails as cri-dockerd exits on its first docker call
      // (core/docker_service.go getDockerVersion), and its journal says why.
      const failed = onNode(
        'cp1',
        'systemctl stop docker; systemctl start cri-docker.service 2>&1; echo "exit $?"; systemctl is-active cri-docker; journalctl -u cri-docker --no-pager | tail -n 1',
      );
      expect(failed).toMatch(
        /^Job for cri-docker\.service failed because the control process exited with error code\.\n.*\nexit 1\nfailed\n.*level=fatal msg="failed to get docker version from dockerd: Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock\. Is the docker daemon running\?"\n$/,
      );
      writeFileSync(join(ws.dir, 'cri-docker.log'), failed);
      const dockerDown = kubelab(ws, 'diagnose', 'cri-docker.log', '--json');
      expect(
        DiagnoseResultSchema.parse(JSON.parse(dockerDown.stdout)).diagnoses[0]?.signatureId,
      ).toBe('cri-dockerd-down');
    },
  );
});
