import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../resources/i18n/en.json';
import zhCN from '../../resources/i18n/zh-CN.json';
import type { Settings } from '../../common/model/settings';

/** English is the source; Simplified Chinese must carry every key (a unit test checks). */
export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

export function initI18n(language: Settings['language']): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18next;
}
