import { useCallback, useEffect, useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_UPLOAD_BYTES, uploadFile, type UploadedFile } from '../files.ts';
import { navigate, useLocation } from '../router.tsx';
import { ConfirmStep } from './confirm.tsx';
import { ErrorNote, Field } from './ui.tsx';

/** Loads something and keeps it with its error; reload() after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; loaded: boolean; error: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps; the rule checks them at each call site (additionalHooks in eslint.config.js)
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      setError(null);
      setData(await run());
      setLoaded(true);
    } catch (err) {
      setError(err);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, loaded, error, reload };
}

/**
 * Searches as someone types: asks once typing pauses, drops an answer to an older search, and gives
 * the answer only while it is for what is typed now (null before, and while nothing is typed).
 */
export function useSearch<T>(search: (q: string) => Promise<T>, deps: unknown[], wanted: string): { found: T | null; error: unknown } {
  const [answer, setAnswer] = useState<{ q: string; value: T } | null>(null);
  const [error, setError] = useState<unknown>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as useLoad's
  const ask = useCallback(search, deps);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    const timer = setTimeout(() => {
      ask(wanted)
        .then((value) => {
          if (!current) return;
          setError(null);
          setAnswer({ q: wanted, value });
        })
        .catch((err: unknown) => {
          if (current) setError(err);
        });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wanted, ask]);
  return { found: wanted && answer?.q === wanted ? answer.value : null, error: wanted ? error : null };
}

/** One thing found by a search, as its button shows it. */
export interface Found {
  key: number;
  main: ReactNode;
  /** At the button's other end: a number's last digits, a state. */
  side?: ReactNode;
  /** Shown but not offered (said why in `side`). */
  disabled?: boolean;
}

/**
 * A search field and what it found, each a button that picks it (an address, a member, someone in the
 * register). The caller searches (useSearch) and says how a thing is shown.
 */
export function SearchPick<T>({
  label,
  hint,
  name,
  q,
  onQ,
  found,
  error,
  show,
  onPick,
  resultsLabel,
  none,
  footer,
  testId,
}: {
  label: string;
  hint?: string;
  name?: string;
  q: string;
  onQ: (q: string) => void;
  found: readonly T[] | null;
  error: unknown;
  show: (item: T) => Found;
  onPick: (item: T) => void;
  resultsLabel: string;
  none: string;
  /** Said under the results (that only the first so many are shown). */
  footer?: ReactNode;
  testId?: string;
}) {
  const resultsId = useId();
  return (
    <div className="picker-search">
      <Field label={label} {...(hint ? { hint } : {})}>
        <input type="search" name={name} value={q} maxLength={40} autoComplete="off" aria-controls={resultsId} onChange={(e) => onQ(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <div id={resultsId} aria-live="polite">
        {found?.length === 0 ? <p className="muted">{none}</p> : null}
        {found && found.length > 0 ? (
          <ul className="list picker-results" aria-label={resultsLabel}>
            {found.map((item) => {
              const f = show(item);
              return (
                <li key={f.key}>
                  <button type="button" className="result" disabled={f.disabled} onClick={() => onPick(item)} data-testid={testId}>
                    {f.main}
                    {f.side}
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        {footer}
      </div>
    </div>
  );
}

/** A choice among a few words of the code, named for people, with an empty choice first (all, not given). */
export function ChoiceSelect<T extends string>({
  label,
  name,
  value,
  choices,
  empty,
  nameOf,
  onChange,
}: {
  label: string;
  name?: string;
  value: T | '';
  choices: readonly T[];
  empty: string;
  nameOf: (choice: T) => string;
  onChange: (value: T | '') => void;
}) {
  return (
    <Field label={label}>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">{empty}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {nameOf(c)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Previous and next page of a list, with where we are. */
export function Pager({ offset, total, size, onOffset }: { offset: number; total: number; size: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= size) return null;
  return (
    <div className="pager">
      <button type="button" className="btn" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
        {t('common.prev')}
      </button>
      <span>
        {Math.floor(offset / size) + 1} / {Math.ceil(total / size)}
      </span>
      <button type="button" className="btn" disabled={offset + size >= total} onClick={() => onOffset(offset + size)}>
        {t('common.next')}
      </button>
    </div>
  );
}

/**
 * A form's submit button that asks again in place before anything is sent (the form's onSubmit sets
 * `asking`): the question names who is affected and what changes; no pop-up (the 长辈版 rule).
 */
export function SubmitAfterAsking({
  asking,
  label,
  question,
  action,
  busy,
  ready,
  className = 'btn',
  onConfirm,
  onCancel,
}: {
  asking: boolean;
  /** The button's words, and the name of the question's group. */
  label: string;
  question: ReactNode;
  /** The words of the button that sends it. */
  action: string;
  busy: boolean;
  ready: boolean;
  className?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  if (asking) return <ConfirmStep label={label} question={question} action={action} busy={busy} onConfirm={onConfirm} onCancel={onCancel} />;
  return (
    <button type="submit" className={className} disabled={!ready || busy}>
      {label}
    </button>
  );
}

/** Runs a user action: busy while it runs, its error kept for an inline note. */
export function useAction(): { busy: boolean; error: unknown; setError: (e: unknown) => void; run: (action: () => Promise<void>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** Tabs kept in ?tab= so a link (and a reload) lands on the same one. */
export function useTab<T extends string>(tabs: readonly T[]): [T, (tab: T) => void] {
  const { path, search } = useLocation();
  const wanted = search.get('tab') as T | null;
  const tab = wanted && tabs.includes(wanted) ? wanted : (tabs[0] as T);
  return [tab, (next: T) => navigate(`${path}?tab=${next}`, { replace: true })];
}

export function TabBar<T extends string>({
  tabs,
  current,
  onChange,
  label,
  names,
}: {
  tabs: readonly T[];
  current: T;
  onChange: (t: T) => void;
  label: string;
  names: (t: T) => string;
}) {
  return (
    <div className="tabs tabs-wrap" role="group" aria-label={label}>
      {tabs.map((x) => (
        <button key={x} type="button" className="tab" aria-pressed={current === x} onClick={() => onChange(x)}>
          {names(x)}
        </button>
      ))}
    </div>
  );
}

/** Photos or receipts: each file is uploaded as soon as it is chosen; the form sends the sha256 list. */
export function FileUpload({
  slug,
  label,
  hint,
  accept,
  value,
  onChange,
  max = 9,
  testId,
}: {
  slug: string;
  label: string;
  hint?: string;
  accept: string;
  value: UploadedFile[];
  onChange: (files: UploadedFile[]) => void;
  max?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    setError(null);
    setBusy(true);
    try {
      const added: UploadedFile[] = [];
      for (const file of files.slice(0, max - value.length)) {
        if (file.size > MAX_UPLOAD_BYTES) throw new Error(t('work.fileTooLarge', { name: file.name }));
        added.push(await uploadFile(slug, file));
      }
      onChange([...value, ...added]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field">
      <label className="field-label upload-label">
        {label}
        <input type="file" accept={accept} multiple={max > 1} disabled={busy || value.length >= max} onChange={(e) => void choose(e)} data-testid={testId} />
      </label>
      {hint ? <span className="field-hint">{hint}</span> : null}
      {busy ? (
        <span className="muted" role="status">
          {t('work.uploading')}
        </span>
      ) : null}
      <ErrorNote error={error} />
      {value.length > 0 ? (
        <ul className="uploads">
          {value.map((f, i) => (
            <li key={f.sha256} className="upload">
              {f.thumbnailUrl ? (
                <img src={f.thumbnailUrl} alt={t('work.fileN', { n: i + 1 })} width={64} height={64} />
              ) : (
                <span className="upload-doc">PDF</span>
              )}
              <button type="button" className="chip" onClick={() => onChange(value.filter((x) => x.sha256 !== f.sha256))}>
                {t('work.removeFile', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
}

/** A moment as people read it in China (month, day, hour and minute; the year when it is not this year). */
export function formatDateTime(iso: string, language: string): string {
  const at = new Date(iso);
  const year = (d: Date) => d.toLocaleDateString('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    ...(year(at) === year(new Date()) ? {} : { year: 'numeric' }),
    month: language === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}
