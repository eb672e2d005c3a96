import i18n from 'i18next';

/** The two things a person sets on this device: the language and 长辈版 (elder mode). */

export type Language = 'zh-CN' | 'en';
const ELDER_KEY = 'weiyi.elder';

function readLanguageCookie(): Language | null {
  if (typeof document === 'undefined') return null;
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

/** On the server: whether the page being rendered is for 长辈版 (from the weiyi_elder cookie). */
let serverElder = false;
export function setServerElderMode(on: boolean) {
  serverElder = on;
}

/**
 * 长辈版 as the page was first drawn: the server draws it from the cookie, this device keeps it in
 * storage; the first render must match the server's, an effect then follows the device.
 */
const drawnElder = typeof document !== 'undefined' && document.documentElement.classList.contains('elder');
export function firstScreenElder(): boolean {
  return typeof document !== 'undefined' && document.getElementById('weiyi-first') ? drawnElder : isElderMode();
}

export function isElderMode(): boolean {
  if (typeof document === 'undefined') return serverElder;
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

export function applyElderMode(on: boolean, remember = true) {
  document.documentElement.classList.toggle('elder', on);
  // The cookie lets the server render the first screen in 长辈版 too (no jump when the script starts).
  document.cookie = `weiyi_elder=${on ? '1' : '0'}; path=/; max-age=${on ? 31536000 : 0}; samesite=lax`;
  if (!remember) return;
  try {
    if (on) localStorage.setItem(ELDER_KEY, '1');
    else localStorage.removeItem(ELDER_KEY);
  } catch {
    // Private mode without storage: the switch still works for this visit.
  }
}
