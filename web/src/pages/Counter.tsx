import { useTranslation } from 'react-i18next';

export default function Counter() {
  const { t } = useTranslation();
  return <p className="muted">{t('common.comingSoon')}</p>;
}
