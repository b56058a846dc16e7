import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../state/appStore';

/**
 * What an area shows before it has anything: what the area is for and what to do first.
 * Later capabilities replace these with their screens.
 */
export function EmptyArea({ area }: { area: Area }): JSX.Element {
  const { t } = useTranslation();
  return (
    <section className="area" aria-labelledby={`${area}-title`} data-testid={`area-${area}`}>
      <h1 id={`${area}-title`}>{t(`${area}.title`)}</h1>
      <p className="empty">{t(`${area}.empty`)}</p>
      <p className="hint">{t(`${area}.next`)}</p>
    </section>
  );
}
