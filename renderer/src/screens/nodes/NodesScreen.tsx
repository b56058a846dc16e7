import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeSpec } from '../../../../common/model/node';
import { kubelab } from '../../bridge/kubelab';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { useAppStore } from '../../state/appStore';
import { useTerminalsStore } from '../../state/terminalsStore';
import { FactsPanel } from './FactsPanel';
import { ImportDialog } from './ImportDialog';
import { LabPanel } from './LabPanel';
import { NodeDialog } from './NodeDialog';
import { RemoveNodeDialog } from './RemoveNodeDialog';
import { useRunStore } from '../../state/runStore';
import { useNodesStore } from '../../state/nodesStore';
import { TestResult } from './TestResult';
import './nodes.css';

/** The inventory: every machine, how it is reached, and what the last connection test found. */
export function NodesScreen(): JSX.Element {
  const { t } = useTranslation();
  const { nodes, loaded, loadError, tests, testing, load, test } = useNodesStore();
  const push = useToasts((s) => s.push);
  const openTerminal = useTerminalsStore((s) => s.open);
  const setArea = useAppStore((s) => s.setArea);
  const [dialog, setDialog] = useState<{ node?: NodeSpec } | undefined>();
  const [importing, setImporting] = useState(false);
  const [factsFor, setFactsFor] = useState<string | undefined>();
  const [removing, setRemoving] = useState<NodeSpec | undefined>();
  const clusterNodeIds = useRunStore((s) => s.cluster.nodeIds);
  const loadCluster = useRunStore((s) => s.loadCluster);
  const requestOperation = useRunStore((s) => s.request);

  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  // Which machines the cluster has decides what Remove offers.
  useEffect(() => {
    loadCluster().catch(() => undefined);
  }, [loadCluster]);

  const run = (what: () => Promise<unknown>): void => {
    what().catch((err: unknown) => push('error', errorText(err)));
  };
  const forget = (node: NodeSpec): void => {
    run(async () => {
      await kubelab.nodes.remove({ id: node.id });
      await load();
    });
  };
  // A machine of the cluster: removed from the cluster (an operation) or only forgotten here.
  const remove = (node: NodeSpec): void => {
    if (clusterNodeIds.includes(node.id)) {
      setRemoving(node);
      return;
    }
    if (window.confirm(t('nodes.confirmRemove', { name: node.name }))) forget(node);
  };
  const removeFromCluster = (node: NodeSpec): void => {
    setRemoving(undefined);
    requestOperation('remove-node', node.id);
    setArea('install');
  };
  const factsNode = nodes.find((n) => n.id === factsFor);

  return (
    <section className="area nodes" aria-labelledby="nodes-title" data-testid="area-nodes">
      <div className="area-head">
        <h1 id="nodes-title">{t('nodes.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            onClick={() => setImporting(true)}
            data-testid="nodes-import"
          >
            {t('nodes.importButton')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={nodes.length === 0}
            onClick={() => nodes.forEach((n) => run(() => test(n.id)))}
            data-testid="nodes-test-all"
          >
            {t('nodes.testAll')}
          </button>
          <button
            type="button"
            className="btn primary"
            onClick={() => setDialog({})}
            data-testid="nodes-add"
          >
            {t('nodes.add')}
          </button>
        </div>
      </div>
      {loadError && (
        <p role="alert" className="error-text">
          {loadError}
        </p>
      )}
      <LabPanel />
      {!loaded && <Progress active label={t('app.loading')} />}
      {loaded && nodes.length === 0 && !loadError && (
        <div className="empty-state">
          <p className="empty">{t('nodes.empty')}</p>
          <p className="hint">{t('nodes.next')}</p>
        </div>
      )}
      {nodes.length > 0 && (
        <div className="nodes-layout">
          <div className="table-scroll">
            <table className="nodes-table" data-testid="nodes-table">
              <thead>
                <tr>
                  <th scope="col">{t('nodes.fields.name')}</th>
                  <th scope="col">{t('nodes.fields.address')}</th>
                  <th scope="col">{t('nodes.fields.role')}</th>
                  <th scope="col">{t('nodes.hostKeyColumn')}</th>
                  <th scope="col">{t('nodes.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('nodes.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((node) => (
                  <tr key={node.id} data-testid={`node-row-${node.id}`}>
                    <th scope="row">{node.name}</th>
                    <td className="mono">
                      {node.user}@{node.address}:{node.port}
                    </td>
                    <td>{t(`topology.role.${node.role}`)}</td>
                    <td
                      className="mono"
                      title={
                        node.hostKey
                          ? `${node.hostKey.algorithm} ${node.hostKey.fingerprint}`
                          : undefined
                      }
                    >
                      {node.hostKey
                        ? `${node.hostKey.fingerprint.slice(0, 19)}…`
                        : t('nodes.notPinned')}
                    </td>
                    <td>
                      {testing[node.id] ? (
                        <Progress active label={t('nodes.testing')} delayMs={0} />
                      ) : tests[node.id] ? (
                        <TestResult
                          result={tests[node.id] as NonNullable<(typeof tests)[string]>}
                          compact
                        />
                      ) : (
                        <span className="hint">{t('nodes.untested')}</span>
                      )}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="btn"
                          disabled={testing[node.id]}
                          onClick={() => run(() => test(node.id))}
                          data-testid={`node-test-${node.id}`}
                        >
                          {t('nodes.test')}
                        </button>
                        <button type="button" className="btn" onClick={() => setDialog({ node })}>
                          {t('nodes.edit')}
                        </button>
                        <button type="button" className="btn" onClick={() => setFactsFor(node.id)}>
                          {t('nodes.factsButton')}
                        </button>
                        <button
                          type="button"
                          className="btn"
                          onClick={() =>
                            run(async () => {
                              await openTerminal({ kind: 'node', nodeId: node.id }, node.name);
                              setArea('terminals');
                            })
                          }
                        >
                          {t('nodes.terminal')}
                        </button>
                        {node.hostKey && (
                          <button
                            type="button"
                            className="btn"
                            onClick={() => {
                              if (window.confirm(t('nodes.confirmForget', { name: node.name })))
                                run(async () => {
                                  await kubelab.nodes.forgetHostKey({ id: node.id });
                                  await load();
                                });
                            }}
                          >
                            {t('nodes.forgetKey')}
                          </button>
                        )}
                        <button
                          type="button"
                          className="btn danger"
                          onClick={() => remove(node)}
                          data-testid={`node-remove-${node.id}`}
                        >
                          {t('nodes.remove')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {factsNode && <FactsPanel node={factsNode} onClose={() => setFactsFor(undefined)} />}
        </div>
      )}
      <NodeDialog
        open={dialog !== undefined}
        node={dialog?.node}
        onClose={() => setDialog(undefined)}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      {removing && (
        <RemoveNodeDialog
          node={removing}
          onFromCluster={() => removeFromCluster(removing)}
          onForget={() => {
            setRemoving(undefined);
            forget(removing);
          }}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </section>
  );
}
