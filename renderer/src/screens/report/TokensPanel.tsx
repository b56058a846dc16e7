import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenList } from '../../../../common/tokens/model';
import { kubelab } from '../../bridge/kubelab';
import { Dialog } from '../../components/ui/Dialog';
import { TextField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';

/**
 * Bootstrap tokens of the cluster with their TTL (tokens.list: ids only). A join command holds
 * the token's secret, so it is fetched and shown only when asked, and copied in the same click.
 */
export function TokensPanel(): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const [list, setList] = useState<TokenList | undefined>();
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ id: string; command: string } | undefined>();
  const [ttl, setTtl] = useState('24h');
  const [description, setDescription] = useState('');
  const [deleting, setDeleting] = useState<string | undefined>();

  const act = async (fn: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const refresh = (): Promise<void> => act(async () => setList(await kubelab.tokens.list({})));
  const show = async (command: { id: string; command: string }): Promise<void> => {
    setShown(command);
    // The clipboard may be refused (no user activation, an insecure origin): the command is shown.
    await navigator.clipboard?.writeText(command.command).then(
      () => push('success', t('tokens.copied')),
      () => undefined,
    );
  };
  const copyJoin = (id: string): Promise<void> =>
    act(async () => show(await kubelab.tokens.joinCommand({ id })));
  const create = (): Promise<void> =>
    act(async () => {
      await show(await kubelab.tokens.create({ ttl, description }));
      setList(await kubelab.tokens.list({}));
    });
  const remove = (id: string): Promise<void> =>
    act(async () => {
      await kubelab.tokens.delete({ id });
      if (shown?.id === id) setShown(undefined);
      setList(await kubelab.tokens.list({}));
    });

  return (
    <section className="certs-panel" aria-labelledby="tokens-title" data-testid="tokens-panel">
      <div className="area-head">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        <div className="toolbar">
          <Progress active={busy} label={t('tokens.working')} />
          <button
            type="button"
            className="btn"
            onClick={() => void refresh()}
            disabled={busy}
            data-testid="tokens-list"
          >
            {list ? t('tokens.refresh') : t('tokens.show')}
          </button>
        </div>
      </div>
      <p className="hint">{t('tokens.intro')}</p>
      {list && (
        <>
          <table className="certs-table">
            <thead>
              <tr>
                <th>{t('tokens.id')}</th>
                <th>{t('tokens.ttl')}</th>
                <th>{t('tokens.expires')}</th>
                <th>{t('tokens.description')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.tokens.map((tok) => (
                <tr key={tok.id} data-testid="token-row">
                  <td>{tok.id}</td>
                  <td>{tok.ttl}</td>
                  <td>
                    {tok.expiresAt
                      ? `${tok.expiresAt.slice(0, 16).replace('T', ' ')} UTC`
                      : t('tokens.never')}
                  </td>
                  <td>{tok.description || '–'}</td>
                  <td>
                    <button
                      type="button"
                      className="btn"
                      disabled={busy}
                      onClick={() => void copyJoin(tok.id)}
                    >
                      {t('tokens.copyJoin')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn danger"
                      disabled={busy}
                      onClick={() => setDeleting(tok.id)}
                    >
                      {t('tokens.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.tokens.length === 0 && <p>{t('tokens.none')}</p>}
          <form
            className="report-export"
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <TextField
              label={t('tokens.ttl')}
              value={ttl}
              hint={t('tokens.ttlHint')}
              onValue={setTtl}
            />
            <TextField
              label={t('tokens.description')}
              value={description}
              onValue={setDescription}
            />
            <button type="submit" className="btn primary" disabled={busy}>
              {t('tokens.create')}
            </button>
          </form>
        </>
      )}
      {shown && (
        <div className="join-command" data-testid="join-command">
          <p className="hint">{t('tokens.secretWarning')}</p>
          <code>{shown.command}</code>{' '}
          <button type="button" className="btn" onClick={() => setShown(undefined)}>
            {t('tokens.hide')}
          </button>
        </div>
      )}
      <Dialog
        open={deleting !== undefined}
        title={t('tokens.deleteTitle', { id: deleting ?? '' })}
        onClose={() => setDeleting(undefined)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setDeleting(undefined)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn danger"
              onClick={() => {
                const id = deleting;
                setDeleting(undefined);
                if (id) void remove(id);
              }}
            >
              {t('tokens.delete')}
            </button>
          </>
        }
      >
        <p>{t('tokens.deleteConsequence', { id: deleting ?? '' })}</p>
      </Dialog>
    </section>
  );
}
