import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { Choices, type Viewer } from '../../../../components/confirm.tsx';
import { ErrorNote } from '../../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../../components/work.tsx';
import { NAMESPACES } from '../../../../installed.ts';
import type { Appointment } from '../../api.ts';

type Action = 'confirm' | 'refuse' | 'withdraw';
const DONE = { confirm: 'confirmed', refuse: 'refused', withdraw: 'withdrawn' } as const;

/**
 * One proposal to appoint. Each action asks again in place before it is sent; the proposer and the
 * person proposed are told why they cannot decide it instead of being offered buttons the server refuses.
 */
export function AppointmentCard({
  slug,
  appointment: a,
  viewer,
  onDecided,
}: {
  slug: string;
  appointment: Appointment;
  viewer: Viewer;
  onDecided: (message: string) => void;
}) {
  const { t, i18n } = useTranslation('identity');
  const role = t(`roles.${a.role}`, { ns: NAMESPACES });
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const [asking, setAsking] = useState<Action | null>(null);
  const { busy, error, run } = useAction();
  const pending = a.state === 'pending';
  const isProposer = a.proposedBy.userId === viewer.userId;
  const isAppointee = a.person.userId === viewer.userId;
  const actions: Action[] = [];
  if (pending && viewer.canDecide && !isProposer && !isAppointee) actions.push('confirm', 'refuse');
  if (pending && viewer.canWithdraw) actions.push('withdraw');
  const act = (action: Action) =>
    void run(async () => {
      await api.post<Appointment>(`/api/v1/communities/${slug}/appointments/${a.id}/${action}`);
      setAsking(null);
      onDecided(t(`appointments.${DONE[action]}`, { name: a.person.name, role }));
    });
  return (
    <li className="card" data-testid="appointment" data-state={a.state}>
      <div className="row-between">
        <strong>{t('appointments.of', { name: a.person.name, role })}</strong>
        <span className={`tag appointment-${a.state}`}>{t(`appointments.states.${a.state}`)}</span>
      </div>
      <p className="muted small">{t('appointments.proposedBy', { name: a.proposedBy.name, time: time(a.createdAt) })}</p>
      {a.decidedBy && a.decidedAt ? (
        <p className="small" data-testid="decided-by">
          {t('appointments.decidedBy', { name: a.decidedBy.name, state: t(`appointments.states.${a.state}`), time: time(a.decidedAt) })}
        </p>
      ) : null}
      {pending && viewer.canDecide && (isProposer || isAppointee) ? (
        <p className="note note-info" data-testid="cannot-decide">
          {t(isAppointee ? 'appointments.ownAppointment' : 'appointments.ownProposal')}
        </p>
      ) : null}
      <Choices
        choices={actions.map((action) => ({
          action,
          label: t(`appointments.${action}`),
          question: t(`appointments.${action}Question`, { name: a.person.name, role }),
          confirm: t(`appointments.${action}Action`),
          strong: action === 'confirm',
        }))}
        asking={asking}
        onAsk={setAsking}
        busy={busy}
        onConfirm={act}
      />
      <ErrorNote error={error} />
    </li>
  );
}
