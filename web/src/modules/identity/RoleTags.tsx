import { useTranslation } from 'react-i18next';
import { NAMESPACES } from '../../installed.ts';
import type { Role } from '../../session.tsx';

/** My roles in a community, each named where its module names it. */
export function RoleTags({ roles, as: Tag = 'span' }: { roles: readonly Role[]; as?: 'span' | 'p' }) {
  const { t } = useTranslation();
  return (
    <Tag className="roles">
      {roles.map((r) => (
        <span key={r} className="tag">
          {t(`roles.${r}`, { ns: NAMESPACES })}
        </span>
      ))}
    </Tag>
  );
}
