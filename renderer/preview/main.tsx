/**
 * Component preview: every building block of the renderer on one page with sample data, so the
 * e2e suite can look at them (screenshots in both languages and themes) before the screens that
 * use them are wired to the back end. Built only by tests/e2e/support/preview.ts.
 */
import { StrictMode, useState, type JSX } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { NodeSpecSchema } from '../../common/model/node';
import { Checklist } from '../src/components/checklist/Checklist';
import { cellKey, type CellRef, type CellStatus } from '../src/components/checklist/types';
import { LogViewer } from '../src/components/log/LogViewer';
import { appendLog, EMPTY_LOG } from '../src/components/log/logBuffer';
import { TerminalWorkspace, type TerminalTab } from '../src/components/terminal/TerminalWorkspace';
import { Topology } from '../src/components/topology/Topology';
import { ConfirmByTyping } from '../src/components/ui/ConfirmByTyping';
import { Dialog } from '../src/components/ui/Dialog';
import { fieldProblems } from '../src/components/ui/fieldErrors';
import { NumberField, SelectField, TextField } from '../src/components/ui/Field';
import { Progress } from '../src/components/ui/Progress';
import { Toasts } from '../src/components/ui/Toasts';
import { useToasts } from '../src/state/toastStore';
import { initI18n } from '../src/i18n';
import '../src/styles.css';
import './preview.css';
import { createEchoSource, type EchoSource } from './echoSource';
import {
  LARGE_NODES,
  LARGE_STEPS,
  largeCells,
  LINKS,
  LOG_LINES,
  MACHINES,
  NETWORK,
  NODES,
  sampleCells,
  STEPS,
} from './fixtures';

const params = new URLSearchParams(window.location.search);
const lang = params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en';
document.documentElement.dataset.theme = params.get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.lang = lang;
initI18n(lang);
/**
 * `?checklist=large`: the checklist at the benchmark's scale, 100 nodes × 25 steps, in a panel as
 * tall as the Install screen's, so the windowing (sticky headers, keyboard, focus) can be tested.
 */
const large = params.get('checklist') === 'large';

declare global {
  interface Window {
    preview?: {
      sources: Record<string, EchoSource>;
      appendLog(text: string): void;
      /** Sets one checklist cell's status, as a status event would. */
      setCell(stepId: string, nodeId: string, status: CellStatus): void;
    };
  }
}

const sources = { t1: createEchoSource('node2'), t2: createEchoSource('node1') };

function Preview(): JSX.Element {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<CellRef | undefined>();
  const [machine, setMachine] = useState<string | undefined>();
  const [cells, setCells] = useState(() => (large ? largeCells() : sampleCells(Date.now())));
  const [log, setLog] = useState(() => appendLog(EMPTY_LOG, `${LOG_LINES.join('\n')}\n`));
  const [tabs, setTabs] = useState<TerminalTab[]>([
    {
      id: 't1',
      title: 'node2',
      split: 'row',
      panes: [
        {
          id: 'p1',
          title: 'node2',
          source: sources.t1,
          status: 'connected',
          prefill: 'journalctl -u kubelet -n 200',
        },
      ],
    },
    {
      id: 't2',
      title: 'node1',
      split: 'row',
      panes: [{ id: 'p2', title: 'node1', source: sources.t2, status: 'failed' }],
    },
  ]);
  const [active, setActive] = useState('t1');
  const [dialog, setDialog] = useState(false);
  const [reset, setReset] = useState<'closed' | 'open' | 'confirmed'>('closed');
  const [form, setForm] = useState({
    id: 'Node_1',
    name: 'node1',
    address: '',
    port: 22 as number | undefined,
    user: 'root',
    auth: 'key',
    role: 'worker',
  });
  const problems = fieldProblems(NodeSpecSchema, form);
  const push = useToasts((s) => s.push);

  window.preview = {
    sources,
    appendLog: (text) => setLog((l) => appendLog(l, text)),
    setCell: (stepId, nodeId, status) =>
      setCells((c) => ({ ...c, [cellKey(stepId, nodeId)]: { status } })),
  };
  const checklist = (
    <Checklist
      steps={large ? LARGE_STEPS : STEPS}
      nodes={large ? LARGE_NODES : NODES}
      cells={cells}
      selected={selected}
      onSelect={setSelected}
    />
  );

  return (
    <div className="preview">
      <section data-testid="preview-checklist">
        <h2>Checklist</h2>
        {large ? <div className="preview-checklist-large">{checklist}</div> : checklist}
        <output data-testid="selected-cell">
          {selected ? `${selected.stepId}/${selected.nodeId}` : ''}
        </output>
      </section>
      <section data-testid="preview-topology" className="tall">
        <h2>Topology</h2>
        <Topology
          machines={MACHINES}
          network={NETWORK}
          links={LINKS}
          selectedId={machine}
          onSelect={setMachine}
        />
        <output data-testid="selected-machine">{machine ?? ''}</output>
      </section>
      <section data-testid="preview-log" className="tall">
        <h2>Log</h2>
        <LogViewer log={log} label="Install containerd on node3" />
      </section>
      <section data-testid="preview-terminal" className="tall">
        <h2>Terminal</h2>
        <TerminalWorkspace
          tabs={tabs}
          activeTabId={active}
          onActivate={setActive}
          onClose={(id) => setTabs((all) => all.filter((tab) => tab.id !== id))}
          onSplit={(id, direction) =>
            setTabs((all) =>
              all.map((tab) =>
                tab.id === id && tab.panes.length === 1
                  ? {
                      ...tab,
                      split: direction,
                      panes: [
                        ...tab.panes,
                        {
                          id: `${id}-b`,
                          title: `${tab.title} (2)`,
                          source: createEchoSource(tab.title),
                          status: 'connected',
                        },
                      ],
                    }
                  : tab,
              ),
            )
          }
          onReconnect={() => undefined}
        />
      </section>
      <section data-testid="preview-form">
        <h2>Form</h2>
        <div className="form-grid">
          <TextField
            label={t('nodes.fields.id')}
            value={form.id}
            onValue={(id) => setForm({ ...form, id })}
            problem={problems.id}
          />
          <TextField
            label={t('nodes.fields.address')}
            value={form.address}
            onValue={(address) => setForm({ ...form, address })}
            problem={problems.address}
            hint="10.10.0.11"
          />
          <NumberField
            label={t('nodes.fields.port')}
            value={form.port}
            onValue={(port) => setForm({ ...form, port })}
            problem={problems.port}
          />
          <SelectField
            label={t('nodes.fields.role')}
            value={form.role}
            options={[
              { value: 'control-plane', label: t('topology.role.control-plane') },
              { value: 'worker', label: t('topology.role.worker') },
            ]}
            onValue={(role) => setForm({ ...form, role })}
          />
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            data-testid="open-dialog"
            onClick={() => setDialog(true)}
          >
            Dialog
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => push('error', 'Could not reach 10.10.0.13:22: connection refused.')}
          >
            Toast
          </button>
          <button
            type="button"
            className="btn danger"
            data-testid="open-reset"
            onClick={() => setReset('open')}
          >
            Reset
          </button>
          <output data-testid="reset-state">{reset}</output>
          <Progress active label={t('app.loading')} delayMs={0} />
          <Progress active label="3 / 10" value={0.3} delayMs={0} />
        </div>
        <Dialog
          open={dialog}
          title={t('nodes.fields.id')}
          onClose={() => setDialog(false)}
          testId="preview-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setDialog(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn primary" onClick={() => setDialog(false)}>
                {t('common.ok')}
              </button>
            </>
          }
        >
          <TextField
            label={t('nodes.fields.address')}
            value={form.address}
            onValue={(address) => setForm({ ...form, address })}
            problem={problems.address}
            autoFocus
          />
        </Dialog>
      </section>
      <ConfirmByTyping
        open={reset === 'open'}
        title="Reset the cluster"
        consequence="kubeadm reset on every node."
        expected="kubernetes"
        confirmLabel="Reset"
        onConfirm={() => setReset('confirmed')}
        onClose={() => setReset('closed')}
      />
      <Toasts />
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Preview />
    </StrictMode>,
  );
}
