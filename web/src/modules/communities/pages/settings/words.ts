import { useTranslation } from 'react-i18next';
import { SETTING_FIELDS, showSetting, type SettingKey } from '../../../../../../src/modules/communities/communities.settings-fields.ts';
import { formatFen } from '../../../../money.ts';

/** A setting's name, what it means, and a value of it as people read it, in the page's language. */
export function useSettingWords() {
  const { t, i18n } = useTranslation('communities');
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const words = { fen: formatFen, minutes: (count: number) => t('settings.minutes', { count }), empty: t('settings.empty') };
  return {
    name: (key: SettingKey) => SETTING_FIELDS[key][language].name,
    means: (key: SettingKey) => SETTING_FIELDS[key][language].means,
    show: (key: SettingKey, value: string | number | undefined) => showSetting(key, value, words),
  };
}
