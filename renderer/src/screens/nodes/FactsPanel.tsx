import { useEffect, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeSpec } from '../../../../common/model/node';
import { Progress } from '../../components/ui/Progress';
import { useNodesStore } from '../../state/nodesStore';

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** What kubelab learned about one machine: OS, kernel, CPU, memory, addresses, swap, firewall. */
export function FactsPanel({ node, onClose }: { node: NodeSpec; onClose(): void }): JSX.Element {
  const { t } = useTranslation();
  const facts = useNodesStore((s) => s.facts[node.id]);
  const loadFacts = useNodesStore((s) => s.loadFacts);

  useEffect(() => {
    if (!facts) void loadFacts(node.id);
  }, [facts, loadFacts, node.id]);

  return (
    <aside className="facts-panel" aria-labelledby="facts-title" data-testid="facts-panel">
      <div className="facts-head">
        <h2 id="facts-title">{t('nodes.facts.title', { name: node.name })}</h2>
        <button type="button" className="btn" onClick={() => void loadFacts(node.id)}>
          {t('nodes.facts.refresh')}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {!facts && <Progress active label={t('nodes.facts.loading')} delayMs={0} />}
      {facts && 'error' in facts && (
        <p role="alert" className="error-text">
          {facts.error}
        </p>
      )}
      {facts && !('error' in facts) && (
        <dl className="facts-list">
          <dt>{t('nodes.facts.os')}</dt>
          <dd>{facts.os.prettyName}</dd>
          <dt>{t('nodes.facts.kernel')}</dt>
          <dd>
            {facts.kernel} ({facts.arch}, cgroup {facts.cgroup})
          </dd>
          <dt>{t('nodes.facts.hostname')}</dt>
          <dd>{facts.hostname}</dd>
          <dt>{t('nodes.facts.cpuMemory')}</dt>
          <dd>
            {facts.cpus} CPU · {gib(facts.memoryBytes)}
          </dd>
          <dt>{t('nodes.facts.addresses')}</dt>
          <dd>
            {facts.interfaces
              .flatMap((i) =>
                i.addresses
                  .filter((a) => a.family === 'inet')
                  .map((a) => `${i.name} ${a.address}/${a.prefix}`),
              )
              .join(', ')}
          </dd>
          <dt>{t('nodes.facts.swap')}</dt>
          <dd>
            {facts.swap.active.length
              ? facts.swap.active.map((s) => s.name).join(', ')
              : t('nodes.facts.swapOff')}
          </dd>
          <dt>{t('nodes.facts.selinux')}</dt>
          <dd>{facts.selinux}</dd>
          <dt>{t('nodes.facts.firewall')}</dt>
          <dd>
            firewalld {facts.firewall.firewalld}, ufw {facts.firewall.ufw}
          </dd>
          <dt>{t('nodes.facts.binaries')}</dt>
          <dd>
            {facts.binaries.map((b) => `${b.name}${b.version ? ` ${b.version}` : ''}`).join(', ') ||
              '—'}
          </dd>
          <dt>{t('nodes.facts.clock')}</dt>
          <dd>{Math.round(facts.clockOffsetMs)} ms</dd>
        </dl>
      )}
    </aside>
  );
}
