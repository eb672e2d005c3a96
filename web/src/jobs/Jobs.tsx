import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobState, JobsView } from '../../../src/platform/jobs.routes.ts';
import { api, query } from '../api.ts';
import { ErrorNote, Loading, Notice } from '../components/ui.tsx';
import { formatDateTime, useAction, useLoad } from '../components/work.tsx';
import { NAMESPACES } from '../installed.ts';
import { Link } from '../router.tsx';

// The shell's page for the platform's jobs routes (src/platform/jobs.routes.ts): a community's background
// jobs, whichever module queued them, for its staff. Strings in "common"; each job's name in its module's.

type Job = JobsView['jobs'][number];
const STATES: readonly (JobState | '')[] = ['', 'failed', 'retry', 'created', 'active', 'completed', 'cancelled'];

const jobsUrl = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}/jobs`;

export default function Jobs({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation();
  const [state, setState] = useState<JobState | ''>('');
  const list = useLoad(() => api.get<JobsView>(`${jobsUrl(slug)}${query({ state, limit: 100 })}`), [slug, state]);
  // Said above the list: the job may leave the list shown (failed ones) once it is queued again.
  const [queued, setQueued] = useState<string | null>(null);
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('jobs.title')}</h1>
      <p className="muted">{t('jobs.intro')}</p>
      <div className="chips-row" role="group" aria-label={t('jobs.state')}>
        {STATES.map((s) => (
          <button key={s || 'all'} type="button" className="chip" aria-pressed={state === s} onClick={() => setState(s)}>
            {s ? t(`jobs.states.${s}`) : t('common.all')}
          </button>
        ))}
      </div>
      {queued ? <Notice>{t('jobs.queued', { name: queued })}</Notice> : null}
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.jobs.length === 0 ? <p className="muted">{t('jobs.empty')}</p> : null}
      <ul className="list">
        {list.data?.jobs.map((job) => (
          <JobCard
            key={job.id}
            slug={slug}
            job={job}
            onRetried={(name) => {
              setQueued(name);
              void list.reload();
            }}
          />
        ))}
      </ul>
    </>
  );
}

/** A job's name for people: `jobs.<job>` in its module's namespace, else the name the server gives. */
function useJobName(name: string): string {
  const { t } = useTranslation();
  const [module, job] = name.split('.', 2);
  if (!module || !job || !NAMESPACES.includes(module)) return name;
  return t(`jobs.${job}`, { ns: module, defaultValue: name });
}

function JobCard({ slug, job, onRetried }: { slug: string; job: Job; onRetried: (name: string) => void }) {
  const { t, i18n } = useTranslation();
  const name = useJobName(job.name);
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const retry = () =>
    void run(async () => {
      await api.post(`${jobsUrl(slug)}/${encodeURIComponent(job.id)}/retry`);
      setConfirming(false);
      onRetried(name);
    });
  const later = new Date(job.startAfter).getTime() > new Date(job.createdAt).getTime() + 1000;
  return (
    <li className="card" data-testid="job" data-state={job.state}>
      <div className="row-between">
        <strong>{name}</strong>
        <span className={`tag state-${job.state}`}>{t(`jobs.states.${job.state}`)}</span>
      </div>
      <p className="muted small">
        {name === job.name ? '' : `${job.name} · `}
        {t('jobs.created', { time: time(job.createdAt) })}
        {later && (job.state === 'created' || job.state === 'retry') ? ` · ${t('jobs.startAfter', { time: time(job.startAfter) })}` : ''}
      </p>
      {job.retryCount > 0 ? <p className="small">{t('jobs.retries', { count: job.retryCount, limit: job.retryLimit })}</p> : null}
      {job.error ? <p className="note note-error small">{t('jobs.error', { error: job.error })}</p> : null}
      {job.state === 'failed' ? (
        <>
          <button type="button" className="btn" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
            {t('jobs.runAgain')}
          </button>
          {confirming ? (
            <div className="confirm" role="group" aria-label={t('jobs.runAgain')}>
              <p>{t('jobs.confirm', { name, time: time(job.createdAt) })}</p>
              <div className="row-actions">
                <button type="button" className="btn btn-strong" disabled={busy} onClick={retry}>
                  {t('jobs.confirmAction')}
                </button>
                <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          ) : null}
        </>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}
