import { decideSlot } from './invitation-slot';
import { dueReminder, Invitation, InvitationChange, LimitReached, NewInvitation, rollingDayLimit } from './invitation';

const DAY = 1000;
const issuedAt = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(issuedAt.getTime() + ms);
const hash = (c: string) => c.repeat(64);

const request: NewInvitation = {
  id: 'inv-1',
  firmId: 'firm-1',
  clientId: 'client-1',
  contactId: null,
  recipientKind: 'client',
  email: 'jane@example.com',
  recipientName: 'Jane Doe',
  message: null,
  templateId: null,
  requestedBy: 'staff-1',
  tokenHash: hash('a'),
  requestedAt: issuedAt,
  expiryDays: 30,
  reminderDays: [3, 7],
  dayMs: DAY,
};

const issue = (overrides: Partial<NewInvitation> = {}) => Invitation.issue({ ...request, ...overrides }, issuedAt);
const policy = { expiryDays: 30, dayMs: DAY, limitPerDay: 3 };
const changed = (invitation: Invitation, change: InvitationChange | LimitReached | undefined) => {
  if (!change || 'kind' in change) throw new Error(`expected a change, got ${JSON.stringify(change)}`);
  return invitation.apply(change);
};

describe('resend and self-serve re-issue', () => {
  it('replaces the link, restarts the expiry and waits for the new email (status pending, delivery key :2)', () => {
    const sent = changed(issue(), issue().markSent(at(10)));
    const reissued = changed(sent, sent.reissue(hash('b'), 'resend', policy, at(5 * DAY)));
    expect(reissued.props).toMatchObject({
      status: 'pending',
      tokenHash: hash('b'),
      reminderTokenHashes: [],
      expiresAt: at(35 * DAY),
      deliveryKey: 'invitation:inv-1:2',
      linksIssued: 2,
      sentAt: null,
      resentAt: [at(5 * DAY)],
    });
    expect(changed(reissued, reissued.reissue(hash('c'), 'self-serve', policy, at(6 * DAY))).props.deliveryKey).toBe('invitation:inv-1:3');
  });

  it('renews an expired invitation (open again), and clears the expiry announcement', () => {
    const invitation = issue({ expiryDays: 1 });
    const announced = changed(invitation, invitation.announceExpiry(at(2 * DAY)));
    expect(announced.statusAt(at(2 * DAY))).toBe('expired');
    const renewed = changed(announced, announced.reissue(hash('b'), 'self-serve', policy, at(3 * DAY)));
    expect(renewed.statusAt(at(3 * DAY))).toBe('pending');
    expect(renewed.props.expiryAnnouncedAt).toBeNull();
  });

  it('refuses accepted, revoked and scheduled invitations', () => {
    const pending = issue();
    for (const closed of [changed(pending, pending.accept('user-1', at(1))), changed(pending, pending.revoke('staff-2', at(1)))]) {
      expect(closed.reissue(hash('b'), 'resend', policy, at(2))).toBeUndefined();
    }
    const scheduled = Invitation.schedule({ ...request, sendAt: at(DAY) });
    expect(scheduled.reissue(hash('b'), 'resend', policy, at(1))).toBeUndefined();
  });

  it('allows `limitPerDay` per rolling day and per trigger, then says when the next one is possible', () => {
    let invitation = issue();
    for (const time of [at(100), at(200), at(300)]) invitation = changed(invitation, invitation.reissue(hash('b'), 'resend', policy, time));
    expect(invitation.reissue(hash('c'), 'resend', policy, at(400))).toEqual({ kind: 'limited', limit: 3, retryAfterMs: DAY - 300 });
    // Self-serve requests have a count of their own.
    expect(invitation.reissue(hash('c'), 'self-serve', policy, at(400))).not.toHaveProperty('kind');
    // A day after the first resend, one more fits.
    expect(invitation.reissue(hash('c'), 'resend', policy, at(DAY + 101))).not.toHaveProperty('kind');
  });

  it('does not send a reminder that fell due while the link was being renewed', () => {
    const invitation = issue({ expiryDays: 1 });
    const renewed = changed(invitation, invitation.reissue(hash('b'), 'resend', policy, at(4 * DAY)));
    expect(renewed.props).toMatchObject({ remindersSent: 1, nextReminderAt: at(7 * DAY) });
  });
});

describe('reminders', () => {
  it('schedules the first reminder from the first send', () => {
    expect(issue().props).toMatchObject({ reminderDays: [3, 7], remindersSent: 0, nextReminderAt: at(3 * DAY) });
    expect(issue({ reminderDays: [] }).props.nextReminderAt).toBeNull();
  });

  it('sends each reminder once, with a link of its own added to the working ones and a delivery key of its own', () => {
    const invitation = changed(issue(), issue().markSent(at(10)));
    const first = invitation.remind(hash('r'), DAY, at(3 * DAY));
    expect(first).toMatchObject({
      reminder: 1,
      set: { status: 'pending', remindersSent: 1, reminderTokenHashes: [hash('r')], deliveryKey: 'inv-1:reminder:1', nextReminderAt: at(7 * DAY) },
    });
    const reminded = invitation.apply(first!);
    expect(reminded.props.tokenHash).toBe(hash('a'));
    // Looked at again before the next one is due: nothing to send.
    expect(reminded.remind(hash('s'), DAY, at(4 * DAY))).not.toHaveProperty('reminder');
    const second = reminded.remind(hash('s'), DAY, at(7 * DAY));
    expect(second).toMatchObject({ reminder: 2, set: { reminderTokenHashes: [hash('r'), hash('s')], deliveryKey: 'inv-1:reminder:2', nextReminderAt: null } });
  });

  it('skips reminders that were missed and sends the latest due one', () => {
    expect(issue().remind(hash('r'), DAY, at(8 * DAY))).toMatchObject({ reminder: 2, set: { remindersSent: 2 } });
  });

  it('never reminds an accepted, revoked or expired invitation', () => {
    const pending = issue({ expiryDays: 5 });
    expect(changed(pending, pending.accept('user-1', at(1))).remind(hash('r'), DAY, at(3 * DAY))).toBeUndefined();
    expect(changed(pending, pending.revoke('staff-1', at(1))).remind(hash('r'), DAY, at(3 * DAY))).toBeUndefined();
    expect(pending.remind(hash('r'), DAY, at(6 * DAY))).toBeUndefined();
  });

  it('computes the due reminder and the next look-up from the schedule', () => {
    expect(dueReminder([3, 7], issuedAt, at(2 * DAY), DAY)).toEqual({ due: 0, nextAt: at(3 * DAY) });
    expect(dueReminder([3, 7], issuedAt, at(3 * DAY), DAY)).toEqual({ due: 1, nextAt: at(7 * DAY) });
    expect(dueReminder([3, 7], issuedAt, at(9 * DAY), DAY)).toEqual({ due: 2, nextAt: null });
  });
});

describe('expiry', () => {
  it('reads expired from expiresAt before anything announced it, and is announced once', () => {
    const invitation = issue({ expiryDays: 1 });
    expect(invitation.statusAt(at(DAY))).toBe('expired');
    expect(invitation.announceExpiry(at(DAY - 1))).toBeUndefined();
    const announced = changed(invitation, invitation.announceExpiry(at(DAY)));
    expect(announced.props).toMatchObject({ expiryAnnouncedAt: at(DAY), nextReminderAt: null, status: 'pending' });
    expect(announced.announceExpiry(at(2 * DAY))).toBeUndefined();
  });

  it('is not announced for accepted or revoked invitations', () => {
    const pending = issue({ expiryDays: 1 });
    expect(changed(pending, pending.accept('user-1', at(1))).announceExpiry(at(2 * DAY))).toBeUndefined();
    expect(changed(pending, pending.revoke('staff-1', at(1))).announceExpiry(at(2 * DAY))).toBeUndefined();
  });
});

describe('scheduled sends', () => {
  const scheduled = Invitation.schedule({ ...request, sendAt: at(2 * DAY) });

  it('has no link until sent, reads scheduled, and holds its (firm, email) slot', () => {
    expect(scheduled.props).toMatchObject({ status: 'scheduled', tokenHash: '', sendAt: at(2 * DAY), issuedAt: at(2 * DAY) });
    expect(scheduled.statusAt(at(3 * DAY))).toBe('scheduled');
    expect(scheduled.isOpenAt(at(1))).toBe(false);
    expect(decideSlot({ invitationId: 'inv-1' }, scheduled, at(1))).toBe('held');
  });

  it('gets its link, expiry and reminder schedule when sent', () => {
    const sent = changed(scheduled, scheduled.send(hash('b'), { expiryDays: 10, dayMs: DAY, reminderDays: [1] }, at(2 * DAY)));
    expect(sent.props).toMatchObject({
      status: 'pending',
      tokenHash: hash('b'),
      issuedAt: at(2 * DAY),
      expiresAt: at(12 * DAY),
      reminderDays: [1],
      nextReminderAt: at(3 * DAY),
    });
    expect(sent.send(hash('c'), { expiryDays: 10, dayMs: DAY, reminderDays: [] }, at(3 * DAY))).toBeUndefined();
  });

  it('can be revoked before it is sent, and is then never sent', () => {
    const revoked = changed(scheduled, scheduled.revoke('staff-1', at(1)));
    expect(revoked.props.status).toBe('revoked');
    expect(revoked.send(hash('b'), { expiryDays: 10, dayMs: DAY, reminderDays: [] }, at(2 * DAY))).toBeUndefined();
  });
});

describe('a slot reserved for a re-issue', () => {
  it('stays held while reserved, even though its holder has expired', () => {
    const expired = issue({ expiryDays: 1 });
    expect(decideSlot({ invitationId: 'inv-1', reservedUntil: at(3 * DAY) }, expired, at(2 * DAY))).toBe('held');
    expect(decideSlot({ invitationId: 'inv-1', reservedUntil: at(DAY) }, expired, at(2 * DAY))).toBe('free');
  });
});

describe('rollingDayLimit', () => {
  it('forgets what is older than a day', () => {
    expect(rollingDayLimit([at(0), at(500)], 2, at(DAY + 1), DAY)).toEqual({ recent: [at(500)] });
  });
});

describe('revision', () => {
  it('counts every applied change (the compare-and-set of the repositories)', () => {
    const invitation = issue();
    expect(invitation.props.revision).toBe(0);
    expect(changed(invitation, invitation.markSent(at(1))).props.revision).toBe(1);
  });
});
