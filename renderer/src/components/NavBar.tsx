import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, visibleAreas } from '../state/appStore';

/** The area switcher. Plain buttons, so Tab and Enter work; Alt+1…7 jump directly (see App). */
export function NavBar(): JSX.Element {
  const { t } = useTranslation();
  const area = useAppStore((s) => s.area);
  const setArea = useAppStore((s) => s.setArea);
  const offline = useAppStore((s) => s.machinesOffline);
  return (
    <nav className="nav" aria-label="kubelab">
      {visibleAreas(offline).map((name, index) => (
        <button
          key={name}
          type="button"
          className={name === area ? 'nav-item active' : 'nav-item'}
          aria-current={name === area ? 'page' : undefined}
          title={`${t(`nav.${name}`)} (Alt+${index + 1})`}
          data-testid={`nav-${name}`}
          onClick={() => setArea(name)}
        >
          {t(`nav.${name}`)}
        </button>
      ))}
    </nav>
  );
}
