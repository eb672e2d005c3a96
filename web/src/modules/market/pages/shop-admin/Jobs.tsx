import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type Members, type Shifts, type WageRun, type Workers } from '../../api.ts';
import { formatFen, newIdempotencyKey, parseYuan } from '../../../../money.ts';
import { Link } from '../../../../router.tsx';
import { thisMonth, today } from '../../work.ts';

/** Residents employed in the shop: the roster, shifts and hours, and the month's wages proposed as fund expenses. */
export function Jobs({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [month, setMonth] = useState(thisMonth());
  const workers = useLoad(() => api.get<Workers>(`${marketBase(slug)}/shop/workers`), [slug]);
  const shifts = useLoad(() => api.get<Shifts>(`${marketBase(slug)}/shop/shifts?month=${month}`), [slug, month]);
  const [workerId, setWorkerId] = useState(0);
  const [date, setDate] = useState(today());
  const [hours, setHours] = useState('4');
  const [done, setDone] = useState<string | null>(null);
  const shift = useAction();
  const wages = useAction();
  const totalHours = shifts.data?.shifts.reduce((h, s) => h + s.hours, 0) ?? 0;
  const unproposed = shifts.data?.shifts.filter((s) => s.expenseId === null) ?? [];

  const addShift = (e: FormEvent) => {
    e.preventDefault();
    void shift.run(async () => {
      await api.post(`${marketBase(slug)}/shop/shifts`, { workerId, workDate: date, hours: Number(hours) });
      await shifts.reload();
    });
  };
  // one key per run the person means: a retried or double-tapped request answers the first
  const [wageKey, setWageKey] = useState(newIdempotencyKey);
  const proposeWages = () =>
    void wages.run(async () => {
      const r = await api.post<WageRun>(`${marketBase(slug)}/shop/wages`, { month }, { idempotencyKey: wageKey });
      setWageKey(newIdempotencyKey());
      setDone(t('work.jobs.proposed', { list: r.expenses.map((x) => `${x.name} ${formatFen(x.amountFen)}`).join('，') }));
      await shifts.reload();
    });

  return (
    <>
      <section aria-labelledby="roster">
        <h2 id="roster">{t('work.jobs.roster')}</h2>
        <ErrorNote error={workers.error} />
        <ul className="list">
          {workers.data?.workers.map((w) => (
            <li key={w.id} className="card row-between" data-testid="worker">
              <span>
                <strong>{w.name}</strong> · {w.job}
              </span>
              <span className="amount">{t('work.jobs.perHour', { amount: formatFen(w.hourlyWageFen) })}</span>
            </li>
          ))}
        </ul>
        <AddWorker slug={slug} onDone={() => void workers.reload()} />
      </section>
      <section aria-labelledby="shifts">
        <h2 id="shifts">{t('work.jobs.shifts')}</h2>
        <Field label={t('work.money.month')}>
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </Field>
        <ErrorNote error={shifts.error} />
        <p className="muted">{t('work.jobs.totals', { count: shifts.data?.shifts.length ?? 0, hours: totalHours })}</p>
        <ul className="list">
          {shifts.data?.shifts.map((s) => (
            <li key={s.id} className="card row-between small" data-testid="shift">
              <span>
                {s.workDate} · {s.name} · {t('work.jobs.hours', { hours: s.hours })}
              </span>
              <span className="amount">
                {formatFen(s.wageFen)}
                {s.expenseId ? ` · ${t('work.jobs.inExpense', { id: s.expenseId })}` : ''}
              </span>
            </li>
          ))}
        </ul>
        <form className="form" onSubmit={addShift}>
          <Field label={t('work.jobs.worker')}>
            <select required value={workerId} onChange={(e) => setWorkerId(Number(e.target.value))}>
              <option value={0} disabled>
                {t('work.jobs.chooseWorker')}
              </option>
              {workers.data?.workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="filters">
            <Field label={t('work.jobs.date')}>
              <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field label={t('work.jobs.hoursLabel')}>
              <input type="number" min={0.25} max={16} step={0.25} required value={hours} onChange={(e) => setHours(e.target.value)} />
            </Field>
          </div>
          <ErrorNote error={shift.error} />
          <button type="submit" className="btn" disabled={shift.busy || !workerId}>
            {t('work.jobs.addShift')}
          </button>
        </form>
        <h3>{t('work.jobs.wages')}</h3>
        <p className="muted">{t('work.jobs.wagesHint')}</p>
        {done ? (
          <Notice>
            {done} <Link to={`/c/${slug}/fund/work?tab=expenses`}>{t('work.jobs.toApprovals')}</Link>
          </Notice>
        ) : null}
        <ErrorNote error={wages.error} />
        <button type="button" className="btn btn-primary" disabled={wages.busy || unproposed.length === 0} onClick={proposeWages}>
          {t('work.jobs.proposeWages', { month })}
        </button>
      </section>
    </>
  );
}

function AddWorker({ slug, onDone }: { slug: string; onDone: () => void }) {
  const { t } = useTranslation('market');
  const [q, setQ] = useState('');
  const found = useLoad(
    () =>
      q.trim().length >= 1
        ? api.get<Pick<Members, 'members'>>(`/api/v1/communities/${slug}/members?q=${encodeURIComponent(q.trim())}&limit=5`)
        : Promise.resolve({ members: [] }),
    [slug, q],
  );
  const [userId, setUserId] = useState(0);
  const [job, setJob] = useState('');
  const [wage, setWage] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hourlyWageFen = parseYuan(wage);
    if (!hourlyWageFen) {
      setError(new Error(t('work.badAmount')));
      return;
    }
    void run(async () => {
      await api.post(`${marketBase(slug)}/shop/workers`, { userId, job: job.trim(), hourlyWageFen });
      setQ('');
      setJob('');
      setWage('');
      setUserId(0);
      onDone();
    });
  };
  return (
    <details className="card">
      <summary>{t('work.jobs.addWorker')}</summary>
      <form className="form" onSubmit={submit}>
        <Field label={t('work.jobs.searchResident')}>
          <input type="search" maxLength={40} value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <fieldset className="choices">
          <legend>{t('work.jobs.resident')}</legend>
          {found.data?.members.map((m) => (
            <label key={m.userId} className="check">
              <input type="radio" name="worker-user" checked={userId === m.userId} onChange={() => setUserId(m.userId)} />
              {m.displayName} {m.phone}
            </label>
          ))}
        </fieldset>
        <Field label={t('work.jobs.job')}>
          <input required maxLength={40} value={job} onChange={(e) => setJob(e.target.value)} />
        </Field>
        <Field label={t('work.jobs.wage')}>
          <input inputMode="decimal" required value={wage} onChange={(e) => setWage(e.target.value)} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" className="btn" disabled={busy || !userId}>
          {t('work.jobs.addWorkerAction')}
        </button>
      </form>
    </details>
  );
}
