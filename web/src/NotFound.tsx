import { useTranslation } from 'react-i18next';
import { Link } from './router.tsx';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('common.notFound')}</h1>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </>
  );
}
