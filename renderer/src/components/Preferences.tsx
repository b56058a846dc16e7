import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, THEMES, type Settings } from '../../../common/model/settings';
import { useAppStore } from '../state/appStore';

const LANGUAGE_NAMES: Record<Settings['language'], string> = { en: 'English', 'zh-CN': '简体中文' };

/** Language and theme pickers; each change is saved through the contract at once. */
export function Preferences({ settings }: { settings: Settings }): JSX.Element {
  const { t } = useTranslation();
  const update = useAppStore((s) => s.updateSettings);
  return (
    <div className="prefs">
      <label>
        {t('app.language')}
        <select
          data-testid="language"
          value={settings.language}
          onChange={(e) => void update({ language: e.target.value as Settings['language'] })}
        >
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {LANGUAGE_NAMES[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('app.theme')}
        <select
          data-testid="theme"
          value={settings.theme}
          onChange={(e) => void update({ theme: e.target.value as Settings['theme'] })}
        >
          {THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(`app.themes.${theme}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
