import COLLECT from './scripts/collect.sh?raw';
import CONNECT from './scripts/connect.sh?raw';
import LISTEN from './scripts/listen.sh?raw';
import PROBE from './scripts/probe.sh?raw';
import RUNFIX from './scripts/runfix.sh?raw';
import STOP from './scripts/stop.sh?raw';
import VIP from './scripts/vip.sh?raw';

/** The static bash scripts preflight runs on nodes (data only through the environment). */
export const SCRIPTS = {
  probe: PROBE,
  listen: LISTEN,
  connect: CONNECT,
  collect: COLLECT,
  stop: STOP,
  runfix: RUNFIX,
  vip: VIP,
} as const;
