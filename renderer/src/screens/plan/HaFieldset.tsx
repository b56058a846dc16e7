import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LOAD_BALANCER_KINDS,
  TOPOLOGIES,
  isHaTopology,
  type LoadBalancer,
} from '../../../../common/model/ha';
import type { ClusterPlan } from '../../../../common/model/plan';
import { NumberField, SelectField, TextField } from '../../components/ui/Field';
import type { FieldProblems } from '../../components/ui/fieldErrors';
import { newLoadBalancer, parseEndpointList, withTopology } from './haDraft';

interface Props {
  draft: ClusterPlan;
  problems: FieldProblems;
  edit(patch: Partial<ClusterPlan>): void;
}

/** Topology, load balancer and VIP of a highly available control plane (issue 19). */
export function HaFieldset({ draft, problems, edit }: Props): JSX.Element {
  const { t } = useTranslation();
  const topology = draft.topology ?? 'single';
  const lb = draft.loadBalancer;
  const setLb = (next: LoadBalancer): void => edit({ loadBalancer: next });
  return (
    <fieldset data-testid="plan-ha">
      <legend>{t('plan.section.ha')}</legend>
      <div className="form-grid">
        <SelectField
          label={t('plan.fields.topology')}
          value={topology}
          options={TOPOLOGIES.map((v) => ({ value: v, label: t(`plan.topologies.${v}`) }))}
          problem={problems.topology}
          data-testid="plan-topology"
          onValue={(v) => edit(withTopology(draft, v))}
        />
        {isHaTopology(topology) && (
          <SelectField
            label={t('plan.fields.loadBalancer')}
            value={lb?.kind ?? 'kube-vip'}
            options={LOAD_BALANCER_KINDS.map((v) => ({ value: v, label: t(`plan.lbs.${v}`) }))}
            problem={problems['loadBalancer.kind'] ?? problems.loadBalancer}
            data-testid="plan-lb"
            onValue={(kind) => setLb(newLoadBalancer(kind, lb))}
          />
        )}
        {lb && lb.kind !== 'external' && (
          <>
            <TextField
              label={t('plan.fields.vip')}
              value={lb.vip}
              placeholder="192.168.100.100"
              problem={problems['loadBalancer.vip']}
              hint={t('plan.hints.vip')}
              data-testid="plan-vip"
              onValue={(vip) => setLb({ ...lb, vip })}
            />
            <TextField
              label={t('plan.fields.interface')}
              value={lb.interface}
              problem={problems['loadBalancer.interface']}
              data-testid="plan-interface"
              onValue={(value) => setLb({ ...lb, interface: value })}
            />
          </>
        )}
        {lb?.kind === 'haproxy-keepalived' && (
          <NumberField
            label={t('plan.fields.virtualRouterId')}
            value={lb.virtualRouterId}
            problem={problems['loadBalancer.virtualRouterId']}
            hint={t('plan.hints.virtualRouterId')}
            onValue={(id) => setLb({ ...lb, virtualRouterId: id ?? Number.NaN })}
          />
        )}
        {topology === 'external-etcd' && (
          <TextField
            label={t('plan.fields.externalEtcdEndpoints')}
            value={(draft.externalEtcdEndpoints ?? []).join(', ')}
            placeholder="https://10.0.0.5:2379"
            problem={
              problems.externalEtcdEndpoints ??
              Object.entries(problems).find(([k]) => k.startsWith('externalEtcdEndpoints.'))?.[1]
            }
            onValue={(v) => edit({ externalEtcdEndpoints: parseEndpointList(v) })}
          />
        )}
      </div>
      {isHaTopology(topology) && <p className="hint">{t('plan.haExplained')}</p>}
    </fieldset>
  );
}
