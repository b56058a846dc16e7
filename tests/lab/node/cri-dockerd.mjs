#!/usr/bin/env node
// Lab cri-dockerd, imitating Mirantis/cri-dockerd v0.3.16 (commit 7119864). Sources, all at that
// tag: cmd/server.go (flag handling, --version/--buildinfo/--help, usage, fatal errors),
// cmd/cri/options/options.go + config/options.go (the flag set and its defaults),
// config/hairpin.go (--hairpin-mode), cmd/version/version.go + Makefile (Version; GitCommit is
// `git log -1 --pretty=%h`, as in the published `cri-dockerd 0.3.14 (683f70f)`; Go from
// .github/.env GO_VERSION=1.23.3), libdocker/client.go and
// core/docker_service.go (the start-up log lines and the fatal error without dockerd).
//
// cmd/server.go parses the arguments itself with a pflag set (ContinueOnError, cobra's flag
// parsing disabled): a parse error or a positional argument prints the usage to stderr and then
// logrus.Fatal (`time="…" level=fatal msg="…"`, exit 1); --help prints the long description and
// the usage to stdout. Usage lines follow pflag v1.0.5 FlagUsagesWrapped: flags sorted by name,
// "  -h, --help" / "      --name type", usage text aligned two columns after the longest.
//
// The daemon: systemctl's cri-docker.service runs this with the unit's ExecStart arguments and
// LAB_SYSTEMD_UNIT=cri-docker.service; it logs what the real one logs on start, fails as the real
// one does without dockerd, and otherwise exits 0 so the lab's systemctl marks the unit active
// (the CRI it serves is the lab's: /run/cri-dockerd.sock from cri-docker.socket, read by the
// lab's kubelet, kubeadm and crictl). Run by hand with a unix endpoint it serves that socket until
// killed, as the real one does.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const VERSION = '0.3.16';
const COMMIT = '7119864';
const LONG = 'CRI that connects to the Docker Daemon';

/** The flag set of v0.3.16: name → [type, default, usage]; `help` has the shorthand h. */
const FLAGS = {
  buildinfo: ['bool', 'false', 'Prints the build information about cri-dockerd'],
  'cni-bin-dir': ['string', '/opt/cni/bin', 'A comma-separated list of full paths of directories in which to search for CNI plugin binaries.'],
  'cni-cache-dir': ['string', '/var/lib/cni/cache', 'The full path of the directory in which CNI should store cache files.'],
  'cni-conf-dir': ['string', '/etc/cni/net.d', 'The full path of the directory in which to search for CNI config files'],
  'container-runtime-endpoint': ['string', 'unix:///var/run/cri-dockerd.sock', "The endpoint of backend runtime service. Currently unix socket and tcp endpoints are supported on Linux, while npipe and tcp endpoints are supported on windows.  Examples:'unix:///var/run/cri-dockerd.sock', 'npipe:////./pipe/cri-dockerd'"],
  'cri-dockerd-root-directory': ['string', '/var/lib/cri-dockerd', 'Path to the cri-dockerd root directory.'],
  'docker-endpoint': ['string', 'unix:///var/run/docker.sock', 'Use this for the docker endpoint to communicate with.'],
  'hairpin-mode': ['HairpinMode', 'none', '<Warning: Alpha feature> The mode of hairpin to use.'],
  help: ['bool', 'false', 'Help for cri-dockerd'],
  'image-pull-progress-deadline': ['duration', '1m0s', 'If no pulling progress is made before this deadline, the image pulling will be cancelled.'],
  'ipv6-dual-stack': ['bool', 'false', 'Enable IPv6 dual stack support'],
  'log-level': ['string', 'info', 'The log level for cri-docker'],
  'network-plugin': ['string', 'cni', 'The name of the network plugin to be invoked for various events in kubelet/pod lifecycle.'],
  'network-plugin-mtu': ['int32', '0', '<Warning: Alpha feature> The MTU to be passed to the network plugin, to override the default. Set to 0 to use the default 1460 MTU.'],
  'pod-cidr': ['string', '', 'The CIDR to use for pod IP addresses, only used in standalone mode.  In cluster mode, this is obtained from the master. For IPv6, the maximum number of IP\'s allocated is 65536'],
  'pod-infra-container-image': ['string', 'registry.k8s.io/pause:3.9', 'The image whose network/ipc namespaces containers in each pod will use'],
  'runtime-cgroups': ['string', '', 'Optional absolute name of cgroups to create and run the runtime in.'],
  'runtime-request-timeout': ['duration', '0s', 'If no runtime progress is made before this deadline, the operation will be cancelled.'],
  'streaming-bind-addr': ['string', '', 'The address to bind the CRI streaming server to. If not specified, it will bind to all addresses.'],
  version: ['bool', 'false', 'Prints the version of cri-dockerd'],
};
const HAIRPIN_MODES = ['promiscuous-bridge', 'hairpin-veth', 'none'];
// logrus.ParseLevel's names (sirupsen/logrus logrus.go).
const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

/** pflag FlagUsagesWrapped(2): "--name type" column, then the usage two spaces past the longest. */
function flagUsages() {
  const rows = Object.keys(FLAGS)
    .sort()
    .map((name) => {
      const [type, def, usage] = FLAGS[name];
      const head = `${name === 'help' ? '  -h, --' : '      --'}${name}${type === 'bool' ? '' : ` ${type}`}`;
      // defaultIsZeroValue: "", "false", "0", "0s" print nothing; strings are quoted (%q).
      const zero = def === '' || def === 'false' || def === '0' || def === '0s';
      return [head, zero ? usage : `${usage} (default ${type === 'string' ? JSON.stringify(def) : def})`];
    });
  const width = Math.max(...rows.map(([h]) => h.length));
  return rows.map(([h, u]) => `${h} ${' '.repeat(width - h.length)} ${u}\n`).join('');
}
const usage = () => `Usage:\n  cri-dockerd [flags]\n\nFlags:\n${flagUsages()}`;

/** logrus TextFormatter without a terminal: time="RFC3339" level=… msg="…". */
function log(level, msg) {
  const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  process.stderr.write(`time="${time}" level=${level} msg=${JSON.stringify(msg)}\n`);
}
function fatal(msg) {
  log('fatal', msg);
  process.exit(1);
}

/** pflag's parse of the arguments: values by flag name, positional arguments, or its error. */
function parse(args) {
  const values = {};
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    let name;
    let value;
    if (a.startsWith('--')) {
      [name, value] = a.slice(2).split(/=(.*)/s);
      if (!FLAGS[name]) return { error: `unknown flag: --${name}` };
    } else {
      const short = a[1];
      if (short !== 'h') return { error: `unknown shorthand flag: '${short}' in ${a}` };
      name = 'help';
      value = a.length > 2 ? a.slice(a[2] === '=' ? 3 : 2) : undefined;
    }
    const [type] = FLAGS[name];
    if (value === undefined) {
      if (type === 'bool') value = 'true';
      else if (i + 1 < args.length) value = args[++i];
      else return { error: `flag needs an argument: --${name}` };
    }
    const invalid = (why) => ({ error: `invalid argument ${JSON.stringify(value)} for "${a.startsWith('--') ? '--' : '-h, --'}${name}" flag: ${why}` });
    if (type === 'bool' && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value)) return invalid(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
    if (type === 'int32' && !/^[+-]?\d+$/.test(value)) return invalid(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
    if (type === 'duration' && !/^([+-]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/.test(value)) return invalid(`time: invalid duration ${JSON.stringify(value)}`);
    if (type === 'HairpinMode' && !HAIRPIN_MODES.includes(value)) return invalid(`${JSON.stringify(value)} is not a valid hairpin-mode value, must be one of: [${HAIRPIN_MODES.map((m) => JSON.stringify(m)).join(' ')}]`);
    values[name] = value;
  }
  return { values, positional };
}

const isTrue = (v) => /^(1|t|T|TRUE|true|True)$/.test(v ?? '');
const parsed = parse(process.argv.slice(2));
if (parsed.error) {
  process.stderr.write(usage());
  fatal(parsed.error);
}
const { values, positional } = parsed;
if (positional.length > 0) {
  process.stderr.write(usage());
  fatal(`Unknown command: ${positional[0]}`);
}
if (isTrue(values.help)) {
  process.stdout.write(`${LONG}\n\n${usage()}`);
  process.exit(0);
}
if (isTrue(values.version)) {
  process.stdout.write(`cri-dockerd ${VERSION} (${COMMIT})\n`);
  process.exit(0);
}
if (isTrue(values.buildinfo)) {
  process.stdout.write(`Program: cri-dockerd\nVersion: ${VERSION} (${COMMIT})\nGitCommit: ${COMMIT}\nGo version: go1.23.3\n`);
  process.exit(0);
}
const level = values['log-level'];
if (level !== undefined && level !== '' && !LOG_LEVELS.includes(level.toLowerCase())) fatal(`Unknown log level: ${level}`);

const setting = (name) => values[name] ?? FLAGS[name][1];
log('info', `Starting cri-dockerd ${VERSION} (${COMMIT})`);
log('info', `Connecting to docker on the Endpoint ${setting('docker-endpoint')}`);
log('info', `Start docker client with request timeout ${setting('runtime-request-timeout')}`);
// The lab's dockerd is "up" while the lab's systemctl has docker.service active.
if (!existsSync('/run/lab-systemd/docker.service.active')) {
  fatal(`failed to get docker version from dockerd: Cannot connect to the Docker daemon at ${setting('docker-endpoint')}. Is the docker daemon running?`);
}
log('info', `Hairpin mode is set to ${setting('hairpin-mode')}`);
log('info', `Docker cri networking managed by network plugin ${setting('network-plugin')}`);
log('info', 'Start cri-dockerd grpc backend');
const endpoint = setting('container-runtime-endpoint');
if (process.env.LAB_SYSTEMD_UNIT === 'cri-docker.service') process.exit(0);
// fd:// outside systemd: backend/daemon_unix.go listenFD finds no activated socket.
if (endpoint.startsWith('fd://')) fatal(`cri-dockerd failed to listen on ${JSON.stringify(endpoint)}: no sockets found via socket activation: make sure the service was started by systemd`);
const path = endpoint.replace(/^unix:\/\//, '');
createServer()
  .on('error', (e) => fatal(`cri-dockerd failed to listen on ${JSON.stringify(endpoint)}: listen unix ${path}: bind: ${e.code === 'EADDRINUSE' ? 'address already in use' : e.message}`))
  .listen(path);
