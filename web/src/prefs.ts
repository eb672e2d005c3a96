import i18n from 'i18next';

/** The two things a person sets on this device: the language and 长辈版 (elder mode). */

export type Language = 'zh-CN' | 'en';
const ELDER_KEY = 'weiyi.elder';

function readLanguageCookie(): Language | null {
  const m = /(?:^|;\s*)weiyi_lang=([^;]+)/.exec(document.cookie);
  return m?.[1] === 'en' ? 'en' : m?.[1] === 'zh-CN' ? 'zh-CN' : null;
}

export function initialLanguage(): Language {
  return readLanguageCookie() ?? 'zh-CN';
}

/** Switches the page and tells the server (its error messages follow the cookie). */
export async function setLanguage(language: Language) {
  document.cookie = `weiyi_lang=${language}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

export function isElderMode(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

export function applyElderMode(on: boolean, remember = true) {
  document.documentElement.classList.toggle('elder', on);
  if (!remember) return;
  try {
    if (on) localStorage.setItem(ELDER_KEY, '1');
    else localStorage.removeItem(ELDER_KEY);
  } catch {
    // Private mode without storage: the switch still works for this visit.
  }
}
