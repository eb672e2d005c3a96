import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { NAMESPACES } from '../installed.ts';
import { WEB_MODULES } from '../modules/index.ts';
import { initialLanguage } from '../prefs.ts';
import * as common from './common.ts';

// One namespace per module (its web/src/modules/<name>/i18n.ts, read with useTranslation('<name>')),
// and the shell's, "common": the default, and where a module's page finds the shared words.
const lng = initialLanguage();
if (typeof document !== 'undefined') document.documentElement.lang = lng;

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { common: common.zh, ...Object.fromEntries(WEB_MODULES.map((m) => [m.name, m.strings.zh])) },
    en: { common: common.en, ...Object.fromEntries(WEB_MODULES.map((m) => [m.name, m.strings.en])) },
  },
  ns: [...NAMESPACES],
  defaultNS: 'common',
  fallbackNS: 'common',
  lng,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
