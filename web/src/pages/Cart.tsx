import { useTranslation } from 'react-i18next';

export default function Cart() {
  const { t } = useTranslation();
  return <p className="muted">{t('common.comingSoon')}</p>;
}
