import { useTranslation } from 'react-i18next';
import type { Consent } from '../api.ts';

/** A consent in words: what it lets happen (社区工作人员代办事务, 家属 X 代办事务…), and with whom it is about. */
export function useConsentWords() {
  const { t } = useTranslation('identity');
  const what = (c: Pick<Consent, 'purpose'> & { grantee: { name: string } | null }) => t(`consents.purposes.${c.purpose}`, { grantee: c.grantee?.name ?? '' });
  return {
    what,
    title: (c: Consent) => t('consents.title', { name: c.person.name, what: what(c) }),
  };
}
