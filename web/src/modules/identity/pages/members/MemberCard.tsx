import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Notice } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { NAMESPACES, ROLES } from '../../../../installed.ts';
import { Link } from '../../../../router.tsx';
import type { Role } from '../../../../session.tsx';
import type { Appointment, Member } from '../../api.ts';
import { ConsentPanel } from '../../consents/ConsentPanel.tsx';
import { isActable } from '../../unactable.ts';

/** What granting a role answers: the roles, or (a supervisor asked for by staff) a proposal that grants nothing yet. */
type Granted = Pick<Member, 'roles'> & { appointment?: Appointment };

/**
 * One member with their role chips. A role that checks staff's work comes back as a proposal (202):
 * its chip stays off, the card says who must confirm it. A refusal shows on this card, not the page's top.
 */
export function MemberCard({
  slug,
  member,
  pending,
  onChanged,
  onConsentChanged,
  onProposed,
}: {
  slug: string;
  member: Member;
  /** Its pending proposals to appoint. */
  pending: readonly Appointment[];
  onChanged: (change: Partial<Member>) => void;
  /** A consent about them was recorded, countersigned or withdrawn: whether staff may act for them may have changed. */
  onConsentChanged: () => void;
  onProposed: (appointment: Appointment) => void;
}) {
  const { t } = useTranslation('identity');
  const roleName = (r: string) => t(`roles.${r}`, { ns: NAMESPACES });
  const { busy, error, run } = useAction();
  const [proposed, setProposed] = useState<Appointment | null>(null);
  const [showConsents, setShowConsents] = useState(false);
  const toggleRole = (r: Role) =>
    void run(async () => {
      setProposed(null);
      const url = `/api/v1/communities/${slug}/members/${member.userId}/roles/${r}`;
      const res = member.roles.includes(r) ? await api.delete<Granted>(url) : await api.put<Granted>(url);
      onChanged({ roles: res.roles });
      if (res.appointment) {
        setProposed(res.appointment);
        onProposed(res.appointment);
      }
    });
  return (
    <li className="card" data-testid="member">
      <div className="row-between">
        <strong>{member.displayName}</strong>
        {member.phone ? <span className="muted">{member.phone}</span> : <span className="muted">{t('members.noPhone')}</span>}
      </div>
      {member.hasProxyConsent || pending.length > 0 ? (
        <p className="roles">
          {member.hasProxyConsent ? <span className="tag tag-info">{t('members.proxyConsent')}</span> : null}
          {pending.map((a) => (
            <span key={a.id} className="tag tag-pending" data-testid="pending-role">
              {t('members.pendingRole', { role: roleName(a.role) })}
            </span>
          ))}
        </p>
      ) : null}
      <button type="button" className="chip" aria-expanded={showConsents} onClick={() => setShowConsents(!showConsents)}>
        {t('members.consents')}
      </button>
      {showConsents ? (
        <ConsentPanel
          slug={slug}
          person={{ userId: member.userId, name: member.displayName, hasPhone: member.phone !== null, actable: isActable(member.roles) }}
          onChanged={onConsentChanged}
          nested
        />
      ) : null}
      <div className="role-toggles" role="group" aria-label={t('members.rolesOf', { name: member.displayName })}>
        {ROLES.map((r) => (
          <button key={r} type="button" className="chip" aria-pressed={member.roles.includes(r)} disabled={busy} onClick={() => toggleRole(r)}>
            {roleName(r)}
          </button>
        ))}
      </div>
      {proposed ? (
        <Notice>
          {t('members.proposed', { name: proposed.person.name, role: roleName(proposed.role) })}
          {/* On a line of its own: in 长辈版 a link is a 60 px target, which would split the sentence. */}
          <br />
          <Link to={`/c/${slug}/appointments`}>{t('members.seeAppointments')}</Link>
        </Notice>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}
