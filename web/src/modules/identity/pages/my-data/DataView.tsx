import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../components/work.tsx';
import { NAMESPACES } from '../../../../installed.ts';
import { formatFen } from '../../../../money.ts';

// What a module holds about me, as plain JSON (each server module's personalData export), shown so
// a person can read it: a field's name and a value's words come from that module's namespace
// (`personalData.fields.<field>`, `personalData.values.<field>.<value>`), the field itself when a
// module has not named it.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** A value that is a word of the code (a state, a group), which a module may put in words; free text never is. */
const TOKEN = /^[a-z][a-z0-9_]*$/;

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A module's part: its fields, each named in its own words. */
export function ModuleData({ module, data }: { module: string; data: unknown }) {
  const { t } = useTranslation(module);
  return (
    <section className="card my-data" aria-label={t('personalData.title', { defaultValue: module })} data-testid={`my-data-${module}`}>
      <h3>{t('personalData.title', { defaultValue: module })}</h3>
      <Fields ns={module} value={isRecord(data) ? data : {}} />
    </section>
  );
}

function Fields({ ns, value }: { ns: string; value: Record<string, Json> }) {
  const { t } = useTranslation(ns);
  return (
    <dl className="facts facts-wide">
      {Object.entries(value).map(([field, v]) => (
        <div key={field}>
          <dt>{t(`personalData.fields.${field}`, { defaultValue: field })}</dt>
          <dd>
            <Value ns={ns} field={field} value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ ns, field, value }: { ns: string; field: string; value: Json }): ReactNode {
  const { t, i18n } = useTranslation(ns);
  const word = (v: string) => {
    // what the audit log says was done: named where the log's page names it
    if (field === 'action') return t(`audit.${v}`, { ns: NAMESPACES, defaultValue: v });
    return TOKEN.test(v) ? t(`personalData.values.${field}.${v}`, { defaultValue: v }) : v;
  };
  if (value === null || value === '') return <span className="muted">{t('personalData.none', { ns: 'identity' })}</span>;
  if (typeof value === 'boolean') return t(value ? 'personalData.yes' : 'personalData.no', { ns: 'identity' });
  if (typeof value === 'number') return field.endsWith('Fen') ? formatFen(value) : String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return formatDateTime(value, i18n.language);
    if (value.startsWith('/files/'))
      return (
        <a href={value} target="_blank" rel="noreferrer">
          {t('personalData.file', { ns: 'identity' })}
        </a>
      );
    return word(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">{t('personalData.empty', { ns: 'identity' })}</span>;
    if (!value.some((v) => isRecord(v) || Array.isArray(v))) return value.map((v) => (typeof v === 'string' ? word(v) : String(v))).join('、');
    return (
      <details>
        <summary>{t('personalData.count', { ns: 'identity', count: value.length })}</summary>
        <ol className="list">
          {value.map((v, i) => (
            <li key={i} className="card small">
              {isRecord(v) ? <Fields ns={ns} value={v} /> : <Value ns={ns} field={field} value={v} />}
            </li>
          ))}
        </ol>
      </details>
    );
  }
  return <Fields ns={ns} value={value} />;
}
