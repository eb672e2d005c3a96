import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../../api.ts';
import { ErrorNote, Field, Loading } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { NAMESPACES } from '../../../../installed.ts';
import type { AuditView, Member } from '../../api.ts';

/** 代办 consent: record how a resident agreed that staff act for them, or withdraw it. */
export function ProxyConsent({ slug, member, onChanged }: { slug: string; member: Member; onChanged: (has: boolean) => void }) {
  const { t } = useTranslation('identity');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const url = `/api/v1/communities/${slug}/members/${member.userId}/proxy-consent`;
  const record = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.put(url, { note: note.trim() });
      setOpen(false);
      setNote('');
      onChanged(true);
    });
  };
  const withdraw = () =>
    void run(async () => {
      await api.delete(url);
      onChanged(false);
    });
  return (
    <div className="consent">
      {member.hasProxyConsent ? (
        <button type="button" className="chip" disabled={busy} onClick={withdraw}>
          {t('members.withdrawConsent')}
        </button>
      ) : open ? (
        <form className="form" onSubmit={record}>
          <Field label={t('members.consentNote')} hint={t('members.consentNoteHint')}>
            <input required maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <div className="row-actions">
            <button type="submit" className="btn" disabled={busy}>
              {t('members.recordConsent')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="chip" onClick={() => setOpen(true)}>
          {t('members.recordConsent')}
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

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
