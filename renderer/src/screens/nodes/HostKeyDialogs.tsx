import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/ui/Dialog';
import { errorText, useToasts } from '../../state/toastStore';
import { useNodesStore } from '../../state/nodesStore';

/**
 * Trust on first use, asked of the user: the fingerprint of a key never seen before, to compare
 * with `ssh-keygen -lf` on the machine. A key that changed since it was pinned is a hard stop:
 * nothing here accepts it (forgetting the pinned key is a separate, deliberate action).
 */
export function HostKeyDialogs(): JSX.Element {
  const { t } = useTranslation();
  const prompt = useNodesStore((s) => s.prompts[0]);
  const changed = useNodesStore((s) => s.changedKey);
  const answer = useNodesStore((s) => s.answer);
  const dismissChanged = useNodesStore((s) => s.dismissChanged);
  const push = useToasts((s) => s.push);
  const reply = (accept: boolean): void => {
    if (prompt)
      answer(prompt.promptId, accept).catch((err: unknown) => push('error', errorText(err)));
  };

  return (
    <>
      <Dialog
        open={Boolean(prompt) && !changed}
        title={t('nodes.hostKey.title', { host: prompt ? `${prompt.host}:${prompt.port}` : '' })}
        onClose={() => reply(false)}
        testId="host-key-prompt"
        footer={
          <>
            <button
              type="button"
              className="btn"
              onClick={() => reply(false)}
              data-testid="host-key-reject"
            >
              {t('nodes.hostKey.reject')}
            </button>
            <button
              type="button"
              className="btn primary"
              onClick={() => reply(true)}
              data-testid="host-key-accept"
            >
              {t('nodes.hostKey.accept')}
            </button>
          </>
        }
      >
        <p>{t('nodes.hostKey.explain')}</p>
        <dl className="facts-list">
          <dt>{t('nodes.hostKey.algorithm')}</dt>
          <dd>
            <code>{prompt?.algorithm}</code>
          </dd>
          <dt>{t('nodes.hostKey.fingerprint')}</dt>
          <dd>
            <code className="fingerprint" data-testid="host-key-fingerprint">
              {prompt?.fingerprint}
            </code>
          </dd>
        </dl>
        <p className="hint">{t('nodes.hostKey.verify')}</p>
        <pre className="code">
          ssh-keygen -lf /etc/ssh/ssh_host_
          {prompt?.algorithm.replace(/^ssh-/, '').replace(/-.*/, '') ?? 'ed25519'}_key.pub
        </pre>
      </Dialog>
      <Dialog
        open={Boolean(changed)}
        alert
        title={t('nodes.changedKey.title', { name: changed?.name ?? '' })}
        onClose={dismissChanged}
        testId="host-key-changed"
        footer={
          <button
            type="button"
            className="btn primary"
            onClick={dismissChanged}
            data-testid="host-key-changed-close"
          >
            {t('nodes.changedKey.understood')}
          </button>
        }
      >
        <p>{t('nodes.changedKey.explain')}</p>
        <p className="hint">{t('nodes.changedKey.next')}</p>
      </Dialog>
    </>
  );
}
