import { useEffect, useState, type JSX } from 'react';
import type { HaTopology } from '../../../../common/contracts/cluster';
import { kubelab } from '../../bridge/kubelab';
import { errorText } from '../../state/toastStore';
import { HA_LIVE_REFRESH_MS } from './haLive';
import { HaFailoverPanel } from './HaFailoverPanel';
import { HaLiveView } from './HaLiveView';

/**
 * The live HA topology beside the drawing (issue 19): which control plane holds the VIP (and
 * kube-vip's Lease holder), the etcd members and their leader, each API server's own /livez.
 * Asked again every few seconds while shown (one reading at a time, none while the window is
 * hidden), so a control plane that loses the VIP is visible on the next reading. Nothing is
 * drawn for a plan with a single control plane.
 */
export function HaLivePanel(): JSX.Element | null {
  const [topology, setTopology] = useState<HaTopology>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (): void => {
      if (document.hidden) {
        timer = setTimeout(read, HA_LIVE_REFRESH_MS);
        return;
      }
      kubelab.cluster
        .haTopology({})
        .then((next) => {
          if (!live) return;
          setTopology(next);
          setError(undefined);
        })
        .catch((err: unknown) => live && setError(errorText(err)))
        .finally(() => {
          if (live) timer = setTimeout(read, HA_LIVE_REFRESH_MS);
        });
    };
    read();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, []);

  if (!topology?.ha) return error ? <p className="ha-live-error">{error}</p> : null;
  // kubelab's failover test needs a VIP kubelab runs (not an external load balancer's address).
  const testable =
    topology.loadBalancer === 'kube-vip' || topology.loadBalancer === 'haproxy-keepalived';
  return (
    <>
      <HaLiveView topology={topology} error={error} />
      {testable && <HaFailoverPanel />}
    </>
  );
}
