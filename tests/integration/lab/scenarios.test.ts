// Every lab scenario: bring it up, check its quirk over real ssh, bring it down and check that
// nothing is left. One bring-up per scenario (the fault tests share the slow-node one), so the
// file stays within a few minutes on two cores. Needs root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keyscan,
  lab,
  labProject,
  leftovers,
  run,
  ssh,
  status,
  type LabStatus,
  type RunResult,
} from './helpers';

let st: LabStatus;
const addr = (node: string): string => {
  const n = st.nodes.find((x) => x.name === node);
  if (!n) throw new Error(`no node ${node}`);
  return n.address;
};
const sh = (node: string, cmd: string): string => {
  const r = ssh(st, node, cmd);
  if (r.code !== 0) throw new Error(`${node}: ${cmd}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

/** One describe per scenario: `up` before, `down` and a leftovers check after. */
function scenario(name: string, body: () => void): void {
  describe(`scenario ${name}`, () => {
    beforeAll(() => {
      lab('down');
      const r = lab('up', name);
      if (r.code !== 0) throw new Error(`lab up ${name} failed: ${r.stderr}`);
      st = status();
    });
    afterAll(() => {
      expect(lab('down').code).toBe(0);
      expect(leftovers()).toEqual([]);
    });
    body();
  });
}

const APT_GUIDE = (ver: string): string =>
  [
    'echo "deb https://mirrors.aliyun.com/kubernetes/apt/ kubernetes-xenial main" > /etc/apt/sources.list.d/kubernetes.list',
    'add-apt-repository "deb [arch=amd64] https://mirrors.aliyun.com/docker-ce/linux/ubuntu $(lsb_release -cs) stable"',
    'apt-get update >/dev/null',
    `apt-get install -y docker-ce kubelet=${ver} kubeadm=${ver} kubectl=${ver} >/dev/null`,
  ].join(' && ');
const INIT = (ip: string, extra = ''): string =>
  `kubeadm init --apiserver-advertise-address=${ip} --pod-network-cidr=10.10.0.0/16 --image-repository=registry.cn-hangzhou.aliyuncs.com/google_containers ${extra}`;
/** A TCP connect from `node` to ip:port in bash: "open", "refused", "unreachable" or "timeout". */
const tcp = (node: string, ip: string, port: number): string =>
  sh(
    node,
    `timeout 3 bash -c 'exec 3<>/dev/tcp/${ip}/${port}' 2>/tmp/tcp.err; rc=$?; if [ $rc = 0 ]; then echo open; elif [ $rc = 124 ]; then echo timeout; elif grep -q refused /tmp/tcp.err; then echo refused; elif grep -q 'No route' /tmp/tcp.err; then echo unreachable; else cat /tmp/tcp.err; fi`,
  ).trim();

scenario('swap-on', () => {
  it('has an active swap listed in /proc/swaps and in /etc/fstab', () => {
    for (const n of ['master1', 'node1']) {
      expect(sh(n, 'cat /proc/swaps')).toMatch(
        /^Filename\s+Type\s+Size\s+Used\s+Priority\n\/swap\.img\s+file\s+2097148\s+0\s+-2\n$/,
      );
      expect(sh(n, 'grep swap /etc/fstab')).toContain('/swap.img\tnone\tswap\tsw\t0\t0');
      expect(sh(n, 'swapon --show')).toMatch(
        /^NAME +TYPE SIZE USED PRIO\n\/swap\.img file +2G +0B +-2\n$/,
      );
    }
    sh('node1', 'swapoff -a');
    expect(sh('node1', 'cat /proc/swaps').trim().split('\n')).toHaveLength(1);
    expect(sh('master1', 'cat /proc/swaps').trim().split('\n')).toHaveLength(2);
  });
});

scenario('selinux-enforcing', () => {
  it('says Enforcing until setenforce 0, and the config says enforcing', () => {
    expect(sh('node1', 'getenforce')).toBe('Enforcing\n');
    expect(sh('node1', 'grep ^SELINUX= /etc/selinux/config')).toBe('SELINUX=enforcing\n');
    sh('node1', 'setenforce 0');
    expect(sh('node1', 'getenforce')).toBe('Permissive\n');
    expect(sh('master1', 'getenforce')).toBe('Enforcing\n');
    expect(sh('node1', '. /etc/os-release; echo $ID')).toBe('rocky\n');
  });
});

scenario('firewall-6443', () => {
  it('drops TCP 6443 on the master (connect times out) while other ports answer', () => {
    const ip = addr('master1');
    expect(tcp('node1', ip, 6443)).toBe('timeout');
    expect(tcp('node1', ip, 6444)).toBe('refused');
    expect(tcp('node1', ip, 22)).toBe('open');
    expect(sh('master1', 'iptables -S INPUT')).toContain(
      '-A INPUT -p tcp -m tcp --dport 6443 -j DROP',
    );
  });
});

scenario('firewall-8472', () => {
  it('drops VXLAN UDP 8472 arriving at node2 (real packets hit the DROP rule)', () => {
    const count = (): number =>
      Number(
        /^\s*(\d+)\s+\d+\s+DROP\s+(?:17|udp)\s/m.exec(
          sh('node2', 'iptables -L INPUT -v -n -x'),
        )?.[1] ?? -1,
      );
    expect(count()).toBe(0);
    sh('node1', `for i in 1 2 3; do echo vxlan > /dev/udp/${addr('node2')}/8472; done`);
    expect(count()).toBe(3);
    expect(sh('node1', 'iptables -S INPUT')).not.toContain('8472');
  });
});

scenario('cgroup-mismatch', () => {
  it('docker on cgroupfs, kubelet on systemd: init times out at wait-control-plane, kubelet logs the mismatch', () => {
    sh('master1', APT_GUIDE('1.23.5-00'));
    expect(sh('master1', 'docker info')).toMatch(/^ Cgroup Driver: cgroupfs$/m);
    const r = ssh(st, 'master1', INIT(addr('master1')));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests". This can take up to 4m0s',
    );
    expect(r.stdout).toContain('\ttimed out waiting for the condition');
    expect(r.stderr).toContain(
      "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
    );
    expect(sh('master1', 'grep cgroupDriver /var/lib/kubelet/config.yaml')).toBe(
      'cgroupDriver: systemd\n',
    );
    expect(sh('master1', 'journalctl -u kubelet --no-pager')).toContain(
      '"Failed to run kubelet" err="failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\"systemd\\" is different from docker cgroup driver: \\"cgroupfs\\""',
    );
  });
});

scenario('blocked-registry', () => {
  it("fails pulls from the blocked registries with docker's message; the Aliyun mirror works", () => {
    sh(
      'master1',
      'add-apt-repository "deb [arch=amd64] https://mirrors.aliyun.com/docker-ce/linux/ubuntu $(lsb_release -cs) stable" && apt-get update >/dev/null && apt-get install -y docker-ce >/dev/null',
    );
    const r = ssh(st, 'master1', 'docker pull k8s.gcr.io/pause:3.2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error response from daemon: Get https://k8s.gcr.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n',
    );
    const hub = ssh(st, 'master1', 'docker pull alpine');
    expect(hub.stderr).toContain(
      'Get https://registry-1.docker.io/v2/: net/http: request canceled',
    );
    expect(
      sh('master1', 'docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.2'),
    ).toContain(
      'Status: Downloaded newer image for registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.2',
    );
  });
  it('curl: a blocked registry times out like a filtered network; the mirrors answer', () => {
    const probe = (url: string): RunResult =>
      ssh(st, 'node1', `curl -sS -m 1 -o /dev/null -w '%{http_code}' ${url}`);
    const k8s = probe('https://registry.k8s.io/v2/');
    expect([k8s.code, k8s.stdout, k8s.stderr]).toEqual([
      28,
      '000',
      'curl: (28) Connection timed out after 1001 milliseconds\n',
    ]);
    expect(probe('https://ghcr.io/v2/').code).toBe(28);
    for (const url of [
      'https://registry.cn-hangzhou.aliyuncs.com/v2/',
      'https://quay.m.daocloud.io/v2/',
    ])
      expect([probe(url).code, probe(url).stdout]).toEqual([0, '401']);
  });
});

scenario('duplicate-hostname', () => {
  it('gives node1 and node2 the same hostname at different addresses', () => {
    expect(sh('node1', 'hostname')).toBe('node1\n');
    expect(sh('node2', 'hostname')).toBe('node1\n');
    expect(sh('node2', 'cat /etc/hostname')).toBe('node1\n');
    expect(addr('node1')).not.toBe(addr('node2'));
  });
  it('hostnamectl set-hostname renames node2 (UTS name and /etc/hostname)', () => {
    expect(sh('node2', 'hostnamectl set-hostname node2')).toBe('');
    expect(sh('node2', 'hostname; cat /etc/hostname; hostnamectl --static')).toBe(
      'node2\nnode2\nnode2\n',
    );
    expect(sh('node2', 'hostnamectl')).toMatch(
      /^ +Static hostname: node2\n(.+\n)* +Operating System: Ubuntu /,
    );
    expect(sh('node1', 'hostname')).toBe('node1\n');
    const user = ssh(st, 'node2', 'hostnamectl set-hostname x', { user: 'kube' });
    expect([user.code, user.stderr]).toEqual([
      1,
      'Could not set property: Interactive authentication required.\n',
    ]);
  });
});

scenario('duplicate-product-uuid', () => {
  it('gives node1 and node2 the same /sys/class/dmi/id/product_uuid', () => {
    const uuid = (n: string): string => sh(n, 'cat /sys/class/dmi/id/product_uuid').trim();
    expect(uuid('node1')).toBe('4C4C4544-0042-3510-8052-B4C04F4E4A32');
    expect(uuid('node2')).toBe(uuid('node1'));
    expect(uuid('master1')).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
    );
    expect(uuid('master1')).not.toBe(uuid('node1'));
  });
});

scenario('short-token-ttl', () => {
  it('makes bootstrap tokens that live 30 s', () => {
    sh('master1', APT_GUIDE('1.18.2-00'));
    sh('master1', `${INIT(addr('master1'), '--kubernetes-version=v1.18.2')} >/dev/null`);
    const list = sh('master1', 'kubeadm token list');
    expect(list).toMatch(/^TOKEN +TTL +EXPIRES +USAGES +DESCRIPTION +EXTRA GROUPS\n/);
    const ttl = /^[a-z0-9]{6}\.[a-z0-9]{16} +(\d+)s +/m.exec(list);
    expect(Number(ttl?.[1])).toBeGreaterThan(15);
    expect(Number(ttl?.[1])).toBeLessThanOrEqual(30);
  });
});

scenario('leftovers', () => {
  it("has an earlier attempt's manifests, etcd data, CNI config and cni0; kubeadm preflight sees them", () => {
    expect(sh('master1', 'ls /etc/kubernetes/manifests')).toBe('etcd.yaml\nkube-apiserver.yaml\n');
    expect(sh('master1', 'ls /var/lib/etcd/member')).toBe('snap\n');
    expect(sh('master1', 'ls /etc/cni/net.d')).toBe('10-flannel.conflist\n');
    expect(sh('node1', 'ip -4 -o addr show cni0')).toMatch(/cni0\s+inet 10\.244\.0\.1\/24/);
    expect(sh('master1', 'cat /root/.kube/config')).toContain('server: https://10.0.2.15:6443');
    sh('master1', APT_GUIDE('1.18.2-00'));
    const r = ssh(st, 'master1', INIT(addr('master1')));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists',
    );
    expect(r.stderr).toContain('\t[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty');
  });
});

scenario('clock-skew', () => {
  it("node1's date is two hours behind, over ssh", () => {
    const m = Number(sh('master1', 'date +%s'));
    const n = Number(sh('node1', 'date +%s'));
    expect(m - n).toBeGreaterThan(7200 - 10);
    expect(m - n).toBeLessThan(7200 + 10);
    expect(Math.abs(m - Date.now() / 1000)).toBeLessThan(10);
    expect(sh('node1', 'date -u -d @0 +%F')).toBe('1970-01-01\n');
    const set = ssh(st, 'node1', 'date -s "2020-01-01"');
    expect(set.code).toBe(1);
    expect(set.stderr).toBe('date: cannot set date: Operation not permitted\n');
  });
  it('a join from the skewed node fails: the CA is not yet valid', () => {
    sh('master1', APT_GUIDE('1.18.2-00'));
    sh('node1', APT_GUIDE('1.18.2-00'));
    const out = sh('master1', INIT(addr('master1'), '--kubernetes-version=v1.18.2'));
    const m =
      /kubeadm join (\S+) --token (\S+) \\\n\s+--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})/.exec(
        out,
      );
    expect(m).not.toBeNull();
    const r = ssh(
      st,
      'node1',
      `kubeadm join ${m?.[1] ?? ''} --token ${m?.[2] ?? ''} --discovery-token-ca-cert-hash ${m?.[3] ?? ''}`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /x509: certificate has expired or is not yet valid: current time \S+ is before \S+/,
    );
  });
  it('the time-sync fix (chrony, chronyc makestep) clears the skew; a join then gets past discovery', () => {
    const noDaemon = ssh(st, 'node1', 'apt-get install -y chrony >/dev/null && chronyc makestep');
    expect(noDaemon.code).toBe(1);
    expect(noDaemon.stderr).toBe('506 Cannot talk to daemon\n');
    expect(sh('node1', 'systemctl enable --now chrony 2>/dev/null; chronyc makestep')).toBe(
      '200 OK\n',
    );
    expect(Math.abs(Number(sh('node1', 'date +%s')) - Date.now() / 1000)).toBeLessThan(10);
    expect(sh('node1', 'timedatectl set-ntp true && timedatectl')).toContain(
      'System clock synchronized: yes\n              NTP service: active\n',
    );
    const join = sh('master1', 'kubeadm token create --print-join-command').trim();
    expect(ssh(st, 'node1', `timeout 30 ${join}`).stderr).not.toContain('x509');
  });
});

scenario('slow-node', () => {
  const ms = (node: string, cmd: string): number =>
    Number(
      sh(
        node,
        `s=$(/bin/date +%s%N); ${cmd} >/dev/null; e=$(/bin/date +%s%N); echo $(( (e - s) / 1000000 ))`,
      ),
    );
  it('answers every shimmed command 400 ms late', () => {
    expect(ms('node1', 'systemctl is-active ssh')).toBeGreaterThanOrEqual(400);
    expect(ms('master1', 'systemctl is-active ssh')).toBeLessThan(400);
  });

  describe('faults', () => {
    it('slow <ms> / fast', () => {
      expect(lab('fault', 'master1', 'slow', '300').code).toBe(0);
      expect(ms('master1', 'systemctl is-active ssh')).toBeGreaterThanOrEqual(300);
      expect(lab('fault', 'master1', 'fast').code).toBe(0);
      expect(ms('master1', 'systemctl is-active ssh')).toBeLessThan(300);
    });
    it('kill-sshd: connection refused; start-sshd and up restore it', () => {
      const refused = (r: RunResult): void => {
        expect(r.code).toBe(255);
        expect(r.stderr).toContain(
          `connect to host ${addr('master1')} port 22: Connection refused`,
        );
      };
      expect(lab('fault', 'master1', 'kill-sshd').code).toBe(0);
      refused(ssh(st, 'master1', 'true'));
      expect(lab('fault', 'master1', 'start-sshd').code).toBe(0);
      expect(sh('master1', 'hostname')).toBe('master1\n');
      expect(lab('fault', 'master1', 'kill-sshd').code).toBe(0);
      refused(ssh(st, 'master1', 'true'));
      expect(lab('up', 'slow-node').code).toBe(0);
      expect(sh('master1', 'hostname')).toBe('master1\n');
    });
    it('swap-hostkey: the old known_hosts gets "REMOTE HOST IDENTIFICATION HAS CHANGED"', () => {
      const old = `${st.knownHostsPath}.old`;
      run('cp', [st.knownHostsPath, old]);
      const before = keyscan(addr('node1')).fingerprint;
      expect(lab('fault', 'node1', 'swap-hostkey').code).toBe(0);
      const r = run('ssh', [
        '-i',
        st.keyPath,
        '-o',
        `UserKnownHostsFile=${old}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        'BatchMode=yes',
        `root@${addr('node1')}`,
        'true',
      ]);
      expect(r.code).toBe(255);
      expect(r.stderr).toContain('@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @');
      expect(r.stderr).toContain('Host key verification failed.');
      // status, known-hosts and the project follow the node's new key.
      const now = keyscan(addr('node1'));
      expect(now.fingerprint).not.toBe(before);
      expect(status().nodes.find((n) => n.name === 'node1')?.hostKey.fingerprint).toBe(
        now.fingerprint,
      );
      expect(labProject().nodes.find((n) => n.id === 'node1')?.hostKey).toEqual(now);
      expect(sh('node1', 'hostname')).toBe('node1\n');
    });
    it('link-down / link-up', () => {
      expect(lab('fault', 'node1', 'link-down').code).toBe(0);
      const r = run('ssh', [
        '-i',
        st.keyPath,
        '-o',
        `UserKnownHostsFile=${st.knownHostsPath}`,
        '-o',
        'BatchMode=yes',
        '-o',
        'ConnectTimeout=2',
        `root@${addr('node1')}`,
        'true',
      ]);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/port 22: (Connection timed out|No route to host)/);
      expect(tcp('master1', addr('node1'), 22)).not.toBe('open');
      expect(lab('fault', 'node1', 'link-up').code).toBe(0);
      expect(sh('node1', 'hostname')).toBe('node1\n');
    });
  });
});

scenario('modern', () => {
  it('is Ubuntu 22.04 with containerd and pkgs.k8s.io packages; the project uses the modern preset', () => {
    expect(sh('cp1', 'lsb_release -cs')).toBe('jammy\n');
    sh(
      'cp1',
      [
        'echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.34/deb/ /" > /etc/apt/sources.list.d/kubernetes.list',
        'add-apt-repository "deb [arch=amd64] https://download.docker.com/linux/ubuntu jammy stable"',
        'apt-get update >/dev/null',
        'apt-get install -y containerd.io kubelet kubeadm kubectl >/dev/null',
      ].join(' && '),
    );
    expect(sh('cp1', 'kubeadm version -o short')).toMatch(/^v1\.34\.\d+\n$/);
    expect(sh('cp1', 'containerd config default')).toMatch(/SystemdCgroup = false/);
    const p = labProject();
    expect(p.plan).toMatchObject({
      runtime: 'containerd',
      kubernetesVersion: '1.34.0',
      podCidr: '10.244.0.0/16',
      advertiseAddress: addr('cp1'),
    });
    expect(p.nodes.map((n) => `${n.id}:${n.role}`)).toEqual([
      'cp1:control-plane',
      'worker1:worker',
      'worker2:worker',
    ]);
    for (const n of p.nodes) expect(n.hostKey).toEqual(keyscan(n.address));
  });
});

scenario('rocky', () => {
  const K8S_REPO = (base: string, exclude = true): string =>
    `cat > /etc/yum.repos.d/kubernetes.repo <<'EOF'\n[kubernetes]\nname=Kubernetes\nbaseurl=${base}\nenabled=1\ngpgcheck=1\n${exclude ? 'exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n' : ''}EOF`;
  it('is Rocky 9 with SELinux enforcing, no apt, and firewalld rejecting what the public zone does not allow', () => {
    expect(sh('node1', 'cat /etc/redhat-release')).toBe('Rocky Linux release 9.3 (Blue Onyx)\n');
    expect(sh('node1', 'getenforce')).toBe('Enforcing\n');
    expect(ssh(st, 'node1', 'apt-get update').code).toBe(127);
    expect(sh('master1', 'firewall-cmd --state')).toBe('running\n');
    expect(sh('master1', 'firewall-cmd --list-services')).toBe('cockpit dhcpv6-client ssh\n');
    expect(tcp('node1', addr('master1'), 6443)).toBe('unreachable');
    expect(sh('master1', 'firewall-cmd --permanent --add-port=6443/tcp')).toBe('success\n');
    expect(tcp('node1', addr('master1'), 6443)).toBe('unreachable');
    expect(sh('master1', 'firewall-cmd --reload')).toBe('success\n');
    expect(tcp('node1', addr('master1'), 6443)).toBe('refused');
    const again = ssh(st, 'master1', 'firewall-cmd --permanent --add-port=6443/tcp');
    expect(again.stderr).toBe("Warning: ALREADY_ENABLED: '6443:tcp' already in 'public'\n");
    expect(sh('master1', 'firewall-cmd --list-ports')).toBe('6443/tcp\n');
    sh('node2', 'systemctl disable --now firewalld');
    expect(tcp('node1', addr('node2'), 10250)).toBe('refused');
    const down = ssh(st, 'node2', 'firewall-cmd --state');
    expect(down.code).toBe(252);
    expect(down.stdout).toBe('not running\n');
  });
  it("dnf: the removed legacy repo, an unknown host and an unknown package fail with dnf's messages", () => {
    sh('node1', K8S_REPO('https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64'));
    const legacy = ssh(st, 'node1', 'dnf install -y kubeadm');
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toBe(
      "Errors during downloading metadata for repository 'kubernetes':\n" +
        '  - Status code: 404 for https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64/repodata/repomd.xml (IP: 142.250.191.46)\n' +
        "Error: Failed to download metadata for repo 'kubernetes': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried\n",
    );
    sh('node1', K8S_REPO('https://pkgs.example.invalid/rpm/'));
    const unknown = ssh(st, 'node1', 'yum makecache');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      "Error: Failed to download metadata for repo 'kubernetes': Cannot download repomd.xml: Curl error (6): Couldn't resolve host name for https://pkgs.example.invalid/rpm/repodata/repomd.xml [Could not resolve host: pkgs.example.invalid]",
    );
    sh('node1', 'rm /etc/yum.repos.d/kubernetes.repo');
    const none = ssh(st, 'node1', 'dnf install -y kubeadm');
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No match for argument: kubeadm\n');
    expect(none.stderr).toBe('Error: Unable to find a match: kubeadm\n');
  });
  it('dnf: pinned versions with --disableexcludes=kubernetes install the matching tools; versionlock holds them', () => {
    sh('master1', K8S_REPO('https://pkgs.k8s.io/core:/stable:/v1.28/rpm/'));
    const excluded = ssh(st, 'master1', 'dnf install -y kubeadm-1.28.2');
    expect(excluded.code).toBe(1);
    expect(excluded.stdout).toContain(
      'All matches were filtered out by exclude filtering for argument: kubeadm-1.28.2\n',
    );
    expect(
      sh(
        'master1',
        'dnf install -y kubelet-1.28.2 kubeadm-1.28.2 kubectl-1.28.2 --disableexcludes=kubernetes',
      ),
    ).toMatch(/Installed:\n(.*\n)* {2}kubeadm-1\.28\.2-150500\.1\.1\.x86_64\n(.*\n)*Complete!\n$/);
    expect(sh('master1', 'kubeadm version -o short')).toBe('v1.28.2\n');
    expect(sh('master1', 'rpm -q kubelet')).toBe('kubelet-1.28.2-150500.1.1.x86_64\n');
    const noPlugin = ssh(st, 'master1', 'dnf versionlock add kubelet');
    expect(noPlugin.code).toBe(1);
    expect(noPlugin.stderr).toContain(
      `It could be a DNF plugin command, try: "dnf install 'dnf-command(versionlock)'"`,
    );
    sh('master1', 'dnf install -y python3-dnf-plugin-versionlock');
    expect(sh('master1', 'dnf versionlock add kubelet kubeadm kubectl')).toContain(
      'Adding versionlock on: kubeadm-0:1.28.2-150500.1.1.*\n',
    );
    expect(sh('master1', 'dnf versionlock list')).toContain('kubelet-0:1.28.2-150500.1.1.*\n');
    const locked = ssh(st, 'master1', 'dnf install -y kubeadm-1.28.3 --disableexcludes=kubernetes');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toBe('Error: Unable to find a match: kubeadm-1.28.3\n');
  });
});
