import { useTranslation } from 'react-i18next';

export default function Product() {
  const { t } = useTranslation();
  return <p className="muted">{t('common.comingSoon')}</p>;
}
