import { useEffect, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { NavBar } from './components/NavBar';
import { Preferences } from './components/Preferences';
import { Toasts } from './components/ui/Toasts';
import { InstallScreen } from './screens/install/InstallScreen';
import { HistoryScreen } from './screens/history/HistoryScreen';
import { HostKeyDialogs } from './screens/nodes/HostKeyDialogs';
import { NodesScreen } from './screens/nodes/NodesScreen';
import { ReportScreen } from './screens/report/ReportScreen';
import { TerminalsScreen } from './screens/terminals/TerminalsScreen';
import { PlanScreen } from './screens/plan/PlanScreen';
import { BundleScreen } from './screens/bundle/BundleScreen';
import { useAppStore, visibleAreas, type Area } from './state/appStore';
import { useThemeClass } from './theme';

export function App(): JSX.Element {
  const { t, i18n } = useTranslation();
  const { info, settings, error, area, load, setArea, machinesOffline } = useAppStore();

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (settings && i18n.language !== settings.language)
      void i18n.changeLanguage(settings.language);
    document.documentElement.lang = settings?.language ?? 'en';
  }, [settings, i18n]);

  useThemeClass(settings?.theme ?? 'system');

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const index = Number(e.key) - 1;
      const target = visibleAreas(machinesOffline)[index];
      if (e.altKey && target) {
        e.preventDefault();
        setArea(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setArea, machinesOffline]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.title')}</strong>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        <NavBar />
        {settings && <Preferences settings={settings} />}
      </header>
      {error && (
        <div role="alert" className="error-banner">
          {error}
        </div>
      )}
      <main className="content">
        {settings ? <AreaView area={area} /> : <p>{t('app.loading')}</p>}
      </main>
      <footer className="statusbar">
        {info && (
          <span data-testid="app-info">
            {t('app.version', { version: info.version })} · {t(`app.face.${info.face}`)} ·{' '}
            {info.platform}/{info.arch}
          </span>
        )}
      </footer>
      <Toasts />
      <HostKeyDialogs />
    </div>
  );
}

/** The screen of an area. */
function AreaView({ area }: { area: Area }): JSX.Element {
  switch (area) {
    case 'nodes':
      return <NodesScreen />;
    case 'terminals':
      return <TerminalsScreen />;
    case 'plan':
      return <PlanScreen />;
    case 'install':
      return <InstallScreen />;
    case 'report':
      return <ReportScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'bundle':
      return <BundleScreen />;
  }
}
