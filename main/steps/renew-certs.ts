import { certsToRenew, renewCommand, RenewCertsParamsSchema } from '../../common/certs/renewable';
import script from './scripts/renew-certs.sh?raw';
import { planFacts } from './plan';
import { scriptStep } from './scriptStep';

/**
 * A certificate counts as renewed while its notAfter is at least this many days away: kubeadm
 * signs renewed certificates for a year (constants.CertificateValidity, 8760h), so one renewed
 * within the last day passes and a re-run changes nothing; one a day older is renewed again.
 */
export const FRESH_DAYS = 364;

/** Runs on every control plane; the operation runs them one at a time (concurrency 1). */
export const renewCerts = scriptStep({
  id: 'renew-certs',
  script,
  appliesTo: ['control-plane'],
  // Restarting the static pods waits up to fileCheckFrequency + 10 s, then 180 s per component.
  timeoutMs: 15 * 60_000,
  env: ({ node, plan, params }) => {
    const p = RenewCertsParamsSchema.parse(params ?? {});
    const minor = planFacts(plan).version.minor;
    const cmd = renewCommand(p, minor);
    return {
      RENEW_GROUP: cmd.group,
      RENEW_ARGS: cmd.args.join(' '),
      CERT_FILES: certsToRenew(p, minor)
        .map((c) => `${c.name} ${c.kind} ${c.path}`)
        .join('\n'),
      FRESH_DAYS: String(FRESH_DAYS),
      ADMIN_USER: node.user,
    };
  },
});
