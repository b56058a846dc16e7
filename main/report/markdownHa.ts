import type { Report } from '../../common/report/model';
import { translateCode, type Translate } from '../../common/report/strings';
import { failoverText, nodeText, probeText, vipHolderText } from './htmlHa';
import { codeSpan, mdTable, mdText, type Cell } from './markdownText';

/** The HA section in Markdown (heading + tables); undefined for a single control plane. */
export function haMarkdown(r: Report, t: Translate): string | undefined {
  const ha = r.ha;
  if (!ha) return undefined;
  const rows: Cell[][] = [
    [t('ha.endpoint'), codeSpan(ha.endpoint)],
    [t('ha.topology'), translateCode(t, 'ha', ha.topology)],
    [t('ha.loadBalancer'), translateCode(t, 'ha', ha.loadBalancer)],
  ];
  if (ha.vip) {
    rows.push([t('ha.vip'), { md: `${codeSpan(ha.vip).md} (${mdText(ha.interface ?? '')})` }]);
    rows.push([t('ha.vipHolder'), vipHolderText(ha, t)]);
    rows.push([t('ha.failoverTest'), failoverText(ha, t)]);
  }
  rows.push([
    t('ha.etcdMembers'),
    t('ha.etcdValue', { n: ha.etcdMembers.length, f: ha.toleratedFailures }),
  ]);
  const controlPlanes = mdTable(
    [t('ha.controlPlanes'), t('node.address'), t('ha.node'), t('ha.apiServer')],
    ha.controlPlanes.map((c) => [
      c.name,
      codeSpan(c.address),
      nodeText(t, c.node),
      probeText(t, c.apiServer, c.apiServerDetail),
    ]),
  );
  const members = mdTable(
    [t('ha.member'), t('ha.health')],
    ha.etcdMembers.map((m) => [m.name, probeText(t, m.status, m.detail)]),
  );
  return [`## ${mdText(t('section.ha'))}`, mdTable(['', ''], rows), controlPlanes, members].join(
    '\n\n',
  );
}
