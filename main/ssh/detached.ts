import type { DetachedRef } from '../engine/remote';

/**
 * The node side of detached runs: two fixed bash programs (data only through env), kept here so
 * they can be read and tested on their own. Layout, per run and step:
 *   /var/lib/kubelab/runs/<runId>/<stepId>/{script.sh, env, redact.sed, runner.sh, log, exit, pid|unit}
 * (env only until the runner has read it).
 * `mkdir` of the step directory is the lock: it succeeds once, so starting the same ref again
 * (a retry after a dropped link) is refused by the node instead of running the step twice.
 */
export const RUNS_DIR = '/var/lib/kubelab/runs';

/** Exit code of the starter when the ref was already started (EX_TEMPFAIL-like, distinctive). */
export const ALREADY_STARTED = 75;

const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkRef(ref: DetachedRef): string | undefined {
  if (!REF_PART.test(ref.runId)) return 'runId';
  if (!REF_PART.test(ref.stepId)) return 'stepId';
  return undefined;
}

export function runDir(ref: DetachedRef): string {
  return `${RUNS_DIR}/${ref.runId}/${ref.stepId}`;
}

/**
 * The node-side twin of main/engine/redact.ts (same patterns, GNU sed ERE): the run's log on the
 * node never keeps a bootstrap token (kubeadm init prints its own and the join command) or a
 * certificate key, so a later reader of /var/lib/kubelab/runs finds no secret there. The engine
 * still redacts what it reads (a log from before this existed, or a run started by hand).
 */
export const REDACT_SED = String.raw`s/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/<redacted>/g
s/(--certificate-key[= ]+|certificate-key:[[:space:]]*|certificateKey[:=][[:space:]]*)["']?[0-9a-fA-F]{16,}["']?/\1<redacted>/g
s/^([[:space:]]*)[0-9a-fA-F]{64}([[:space:]]*)$/\1<redacted>\2/
`;

/**
 * Env: KL_DIR, KL_UNIT, KL_SCRIPT (bash source), KL_ENVFILE (export lines). The env file (it may
 * hold secrets: a join configuration with its token) is readable by root only (umask 077) and
 * removed by the runner as soon as it has read it; the log is redacted as it is written.
 */
export const START_SCRIPT = `set -euo pipefail
umask 077
mkdir -p "$(dirname "$KL_DIR")"
if ! mkdir "$KL_DIR" 2>/dev/null; then
  echo "kubelab: $KL_DIR exists: this step was already started on this node" >&2
  exit ${ALREADY_STARTED}
fi
cd "$KL_DIR"
printf '%s' "$KL_SCRIPT" > script.sh
printf '%s' "$KL_ENVFILE" > env
: > log
cat > redact.sed <<'SED'
${REDACT_SED}SED
cat > runner.sh <<'RUNNER'
cd "$(dirname "$0")"
( set -a; . ./env; set +a; rm -f ./env; exec bash ./script.sh ) </dev/null 2>&1 |
  sed -u -E -f ./redact.sed >>log
rc=\${PIPESTATUS[0]}
echo "$rc" > exit.tmp && mv exit.tmp exit
RUNNER
state=$(systemctl is-system-running 2>/dev/null || true)
case "$state" in
  running|degraded|starting|initializing|maintenance)
    echo "$KL_UNIT" > unit
    if systemd-run --quiet --collect --unit="$KL_UNIT" --description="kubelab step" /bin/bash "$KL_DIR/runner.sh"; then
      echo started systemd-run
      exit 0
    fi
    rm -f unit ;;
esac
setsid nohup /bin/bash "$KL_DIR/runner.sh" </dev/null >/dev/null 2>&1 &
echo $! > pid
echo started setsid
`;

/**
 * Env: KL_DIR, KL_OFFSET (bytes already read). Streams the log from the offset on stdout, exactly
 * the bytes that exist when each chunk is read (tail from the offset, head to the size seen), and
 * once the exit file exists — checked before the last read, so no late bytes are missed — prints
 * `KLEXIT <code>` on stderr and ends.
 */
export const FOLLOW_SCRIPT = `set -uo pipefail
cd "$KL_DIR" 2>/dev/null || { echo "KLNORUN" >&2; exit 3; }
off=$KL_OFFSET
while :; do
  done=""
  [ -f exit ] && done=1
  size=$(stat -c %s log 2>/dev/null || echo 0)
  if [ "$size" -gt "$off" ]; then
    tail -c +"$((off + 1))" log | head -c "$((size - off))"
    off=$size
  fi
  if [ -n "$done" ]; then
    echo "KLEXIT $(cat exit)" >&2
    exit 0
  fi
  sleep 0.2
done
`;

export function unitName(ref: DetachedRef): string {
  return `kubelab-${ref.runId}-${ref.stepId}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}
