import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../../api.ts';
import { ErrorNote, Loading } from '../../../../components/ui.tsx';
import { NAMESPACES } from '../../../../installed.ts';
import type { AuditView } from '../../api.ts';

type AuditEntry = AuditView['entries'][number];

/** The community's audit log, newest first, paged with "more". */
export function AuditLog({ slug }: { slug: string }) {
  const { t } = useTranslation('identity');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    async (before?: number) => {
      try {
        const r = await api.get<AuditView>(`/api/v1/communities/${slug}/audit${query({ limit: 30, before })}`);
        setEntries((e) => [...(before ? (e ?? []) : []), ...r.entries]);
        setMore(r.entries.length === 30);
      } catch (err) {
        setError(err);
      }
    },
    [slug],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="audit">
      <h2 id="audit">{t('members.audit')}</h2>
      <ErrorNote error={error} />
      {!entries && !error ? <Loading /> : null}
      <ol className="list audit" data-testid="audit-log">
        {entries?.map((a) => (
          <li key={a.id} className="card small" data-testid="audit-entry">
            <div className="row-between">
              <strong>{t(`audit.${a.action}`, { ns: NAMESPACES, defaultValue: a.action })}</strong>
              <span className="muted">{new Date(a.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</span>
            </div>
            <span>
              {a.actor ?? t('members.system')}
              {a.onBehalfOf ? ` · ${t('members.onBehalfOf', { name: a.onBehalfOf })}` : ''} · {a.subjectType} #{a.subjectId}
            </span>
          </li>
        ))}
      </ol>
      {entries && more ? (
        <button type="button" className="btn" onClick={() => void load(entries[entries.length - 1]?.id)}>
          {t('common.more')}
        </button>
      ) : null}
    </section>
  );
}
