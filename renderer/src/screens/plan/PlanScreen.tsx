import { useEffect, useMemo, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { CNI_PLUGINS } from '../../../../common/catalog/cni';
import { MINORS_BEYOND_CATALOG } from '../../../../common/catalog/images';
import {
  NEWEST_MINOR,
  OLDEST_MINOR,
  RUNTIMES,
} from '../../../../common/catalog/kubernetesVersions';
import { MIRROR_PROFILES } from '../../../../common/catalog/mirrors';
import { FIREWALL_POLICIES, type ClusterPlan } from '../../../../common/model/plan';
import { guidePlan, modernPlan } from '../../../../common/plan/presets';
import { NumberField, SelectField, TextField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText, useToasts } from '../../state/toastStore';
import { fromFieldErrors, modesFor, optionalText, planProblems } from './planForm';
import { AnsibleExport } from './AnsibleExport';
import { OfflineToggle } from './OfflineToggle';
import { HaFieldset } from './HaFieldset';
import { PlanPreview } from './PlanPreview';
import { ScriptDialog } from './ScriptDialog';
import { usePlanStore } from '../../state/planStore';
import { useAppStore } from '../../state/appStore';
import './plan.css';

/** The cluster plan form, checked on every keystroke, beside the kubeadm config it produces. */
export function PlanScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  const {
    draft,
    saved,
    versions,
    loading,
    saving,
    serverErrors,
    warnings,
    loadError,
    load,
    edit,
    replace,
    save,
  } = usePlanStore();
  const push = useToasts((s) => s.push);
  const setArea = useAppStore((s) => s.setArea);
  const [scriptOpen, setScriptOpen] = useState(false);

  useEffect(() => {
    if (!draft) void load();
  }, [draft, load]);

  const problems = useMemo(
    () =>
      draft
        ? { ...fromFieldErrors(serverErrors, i18n.language), ...planProblems(draft, i18n.language) }
        : {},
    [draft, serverErrors, i18n.language],
  );
  const valid = Object.keys(problems).length === 0;
  const localValid = useMemo(
    () => (draft ? Object.keys(planProblems(draft, i18n.language)).length === 0 : false),
    [draft, i18n.language],
  );
  const validateRemote = usePlanStore((s) => s.validateRemote);
  useEffect(() => {
    if (!localValid) return undefined;
    const timer = setTimeout(() => void validateRemote(), 300);
    return () => clearTimeout(timer);
  }, [draft, localValid, validateRemote]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  // Problems that are not about one input of this form (e.g. no control-plane node yet).
  const otherErrors = serverErrors.filter((e) => {
    const top = e.field.replace(/^plan\./, '').split('.')[0] ?? '';
    return !draft || !(top in draft) || e.field.startsWith('nodes');
  });

  if (!draft) {
    return (
      <section className="area" aria-labelledby="plan-title" data-testid="area-plan">
        <h1 id="plan-title">{t('plan.title')}</h1>
        {loadError ? (
          <p role="alert" className="field-error">
            {loadError}
          </p>
        ) : (
          <Progress active={loading} label={t('app.loading')} />
        )}
      </section>
    );
  }

  const text = (field: keyof ClusterPlan, label: string, hint?: string): JSX.Element => (
    <TextField
      label={label}
      value={String(draft[field] ?? '')}
      hint={hint}
      problem={problems[field]}
      data-testid={`plan-${field}`}
      onValue={(value) => edit({ [field]: value })}
    />
  );
  const options = <V extends string>(
    values: readonly V[],
    prefix: string,
  ): { value: V; label: string }[] =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  const modes = modesFor(draft.kubernetesVersion);

  const onSave = async (): Promise<void> => {
    try {
      const ok = await save();
      push(ok ? 'success' : 'error', ok ? t('plan.saved') : t('plan.notSaved'));
    } catch (err) {
      push('error', errorText(err));
    }
  };

  return (
    <section className="area plan" aria-labelledby="plan-title" data-testid="area-plan">
      <div className="area-head">
        <h1 id="plan-title">{t('plan.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            onClick={() => replace(guidePlan())}
            data-testid="plan-guide"
          >
            {t('plan.useGuide')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => replace(modernPlan(draft.advertiseAddress))}
          >
            {t('plan.useModern')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setScriptOpen(true)}
            data-testid="plan-show-script"
          >
            {t('plan.showScript')}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!valid || !dirty || saving}
            onClick={() => void onSave()}
            data-testid="plan-save"
          >
            {dirty ? t('plan.save') : t('plan.upToDate')}
          </button>
        </div>
      </div>
      <p className="hint">{t('plan.intro')}</p>
      <div className="plan-columns">
        <form
          className="plan-form"
          noValidate
          onSubmit={(e) => e.preventDefault()}
          aria-label={t('plan.title')}
        >
          <fieldset>
            <legend>{t('plan.section.kubernetes')}</legend>
            <div className="form-grid">
              {text('clusterName', t('plan.fields.clusterName'))}
              <TextField
                label={t('plan.fields.kubernetesVersion')}
                value={draft.kubernetesVersion}
                list="kubelab-versions"
                problem={problems.kubernetesVersion}
                hint={t('plan.hints.kubernetesVersion', {
                  oldest: OLDEST_MINOR,
                  newest: NEWEST_MINOR,
                  beyond: NEWEST_MINOR + MINORS_BEYOND_CATALOG,
                })}
                data-testid="plan-kubernetesVersion"
                onValue={(kubernetesVersion) => edit({ kubernetesVersion })}
              />
              <datalist id="kubelab-versions">
                {versions.map((v) => (
                  <option key={v.version} value={v.version} />
                ))}
              </datalist>
              <SelectField
                label={t('plan.fields.runtime')}
                value={draft.runtime}
                options={options(RUNTIMES, 'plan.runtimes')}
                problem={problems.runtime}
                data-testid="plan-runtime"
                onValue={(runtime) => edit({ runtime })}
              />
              <SelectField
                label={t('plan.fields.controlPlaneMode')}
                value={draft.controlPlaneMode}
                options={
                  modes.length
                    ? modes.map((m) => ({ value: m.mode, label: t(`plan.modes.${m.mode}`) }))
                    : options(['static-pod', 'self-hosted'] as const, 'plan.modes')
                }
                problem={problems.controlPlaneMode}
                hint={
                  modes.find((m) => m.mode === draft.controlPlaneMode)?.note[
                    i18n.language === 'zh-CN' ? 'zh' : 'en'
                  ]
                }
                onValue={(controlPlaneMode) => edit({ controlPlaneMode })}
              />
            </div>
            <p className="hint">{t('plan.modesExplained')}</p>
          </fieldset>
          <fieldset>
            <legend>{t('plan.section.sources')}</legend>
            <div className="form-grid">
              <SelectField
                label={t('plan.fields.mirrorProfile')}
                value={draft.mirrorProfile}
                options={options(MIRROR_PROFILES, 'plan.mirrors')}
                problem={problems.mirrorProfile}
                onValue={(mirrorProfile) => edit({ mirrorProfile })}
              />
              <TextField
                label={t('plan.fields.imageRepository')}
                value={draft.imageRepository ?? ''}
                placeholder="registry.k8s.io"
                problem={problems.imageRepository}
                hint={t('plan.hints.imageRepository')}
                onValue={(v) => edit({ imageRepository: optionalText(v) })}
              />
              <SelectField
                label={t('plan.fields.cni')}
                value={draft.cni.plugin}
                options={options(CNI_PLUGINS, 'plan.cnis')}
                problem={problems['cni.plugin'] ?? problems.cni}
                onValue={(plugin) => edit({ cni: { ...draft.cni, plugin } })}
              />
              <SelectField
                label={t('plan.fields.firewall')}
                value={draft.firewall}
                options={options(FIREWALL_POLICIES, 'plan.firewalls')}
                problem={problems.firewall}
                onValue={(firewall) => edit({ firewall })}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('plan.section.network')}</legend>
            <div className="form-grid">
              {text(
                'advertiseAddress',
                t('plan.fields.advertiseAddress'),
                t('plan.hints.advertiseAddress'),
              )}
              <NumberField
                label={t('plan.fields.bindPort')}
                value={draft.bindPort}
                problem={problems.bindPort}
                onValue={(bindPort) => edit({ bindPort: bindPort ?? Number.NaN })}
              />
              <TextField
                label={t('plan.fields.controlPlaneEndpoint')}
                value={draft.controlPlaneEndpoint ?? ''}
                problem={problems.controlPlaneEndpoint}
                hint={t('plan.hints.controlPlaneEndpoint')}
                data-testid="plan-controlPlaneEndpoint"
                onValue={(v) => edit({ controlPlaneEndpoint: optionalText(v) })}
              />
              {text('podCidr', t('plan.fields.podCidr'))}
              {text('serviceCidr', t('plan.fields.serviceCidr'))}
              {text('dnsDomain', t('plan.fields.dnsDomain'))}
            </div>
          </fieldset>
          <HaFieldset draft={draft} problems={problems} edit={edit} />
          <p
            className={valid ? 'plan-status ok' : 'plan-status bad'}
            role="status"
            data-testid="plan-status"
          >
            {valid ? t('plan.valid') : t('plan.invalid', { count: Object.keys(problems).length })}
          </p>
          {warnings.length > 0 && (
            <div className="plan-warnings" role="status" data-testid="plan-warnings">
              {warnings.map((w) => (
                <p key={w.field + w.message} className="warn-text">
                  {i18n.language === 'zh-CN' && w.messageZh ? w.messageZh : w.message}
                </p>
              ))}
            </div>
          )}
          {otherErrors.length > 0 && (
            <div className="plan-other-errors" role="alert" data-testid="plan-other-errors">
              {otherErrors.map((e) => (
                <p key={e.field + e.message} className="error-text">
                  {i18n.language === 'zh-CN' && e.messageZh ? e.messageZh : e.message}
                </p>
              ))}
              <button type="button" className="btn" onClick={() => setArea('nodes')}>
                {t('plan.goToNodes')}
              </button>
            </div>
          )}
          <OfflineToggle />
          <AnsibleExport disabled={!valid || dirty} />
        </form>
        <PlanPreview plan={draft} valid={valid} />
      </div>
      <ScriptDialog open={scriptOpen} onClose={() => setScriptOpen(false)} />
    </section>
  );
}
