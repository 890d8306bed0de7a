import { Invitation, NewInvitation } from './invitation';

const DAY = 24 * 60 * 60 * 1000;
const issuedAt = new Date('2026-03-01T10:00:00Z');
const later = (ms: number) => new Date(issuedAt.getTime() + ms);

const request: NewInvitation = {
  id: 'inv-1',
  firmId: 'firm-1',
  clientId: 'client-1',
  contactId: null,
  recipientKind: 'client',
  email: 'Jane@Example.com',
  recipientName: 'Jane Doe',
  message: null,
  templateId: null,
  requestedBy: 'staff-1',
  tokenHash: 'a'.repeat(64),
  requestedAt: issuedAt,
  expiryDays: 30,
};

const issue = (expiryDays = 30) => Invitation.issue({ ...request, expiryDays }, issuedAt);
const after = (invitation: Invitation, ...steps: ((i: Invitation) => ReturnType<Invitation['markSent']>)[]) =>
  steps.reduce((current, step) => current.apply(step(current)!), invitation);

describe('Invitation.issue', () => {
  it('starts pending, expiring after the firm setting, waiting for its first delivery', () => {
    const { props } = issue(7);
    expect(props).toMatchObject({ status: 'pending', email: 'jane@example.com', issuedAt, deliveryKey: 'invitation:inv-1:1' });
    expect(props.expiresAt).toEqual(later(7 * DAY));
  });
});

describe('invitation status', () => {
  const sent = (i: Invitation) => i.markSent(later(1000));
  const failed = (i: Invitation) => i.markDeliveryFailed('550 mailbox unavailable', later(1000));
  const accepted = (i: Invitation) => i.accept('user-1', later(2000));
  const revoked = (i: Invitation) => i.revoke('staff-2', later(2000));

  it('moves pending -> sent -> accepted, recording when and by whom', () => {
    const invitation = after(issue(), sent, accepted);
    expect(invitation.props).toMatchObject({ status: 'accepted', sentAt: later(1000), acceptedAt: later(2000), acceptedBy: 'user-1' });
  });

  it('records a delivery failure with its reason, and a later successful delivery over it', () => {
    const failedOnce = after(issue(), failed);
    expect(failedOnce.props).toMatchObject({ status: 'delivery_failed', deliveryFailureReason: '550 mailbox unavailable', deliveryFailedAt: later(1000) });
    expect(after(failedOnce, sent).props.status).toBe('sent');
  });

  it('never moves backwards', () => {
    const wasSent = after(issue(), sent);
    expect(failed(wasSent)).toBeUndefined();
    expect(sent(wasSent)).toBeUndefined();
    for (const final of [after(issue(), accepted), after(issue(), revoked)]) {
      expect(sent(final)).toBeUndefined();
      expect(failed(final)).toBeUndefined();
      expect(accepted(final)).toBeUndefined();
      expect(revoked(final)).toBeUndefined();
    }
  });

  it('states the change as a compare-and-set on the status it was decided from', () => {
    expect(sent(after(issue(), failed))).toEqual({ from: 'delivery_failed', set: { status: 'sent', sentAt: later(1000) } });
  });

  it('reads expired once an open invitation is past its expiry, without storing it', () => {
    const invitation = issue(1);
    expect(invitation.statusAt(later(DAY - 1))).toBe('pending');
    expect(invitation.statusAt(later(DAY))).toBe('expired');
    expect(after(invitation, failed).statusAt(later(2 * DAY))).toBe('expired');
    expect(invitation.props.status).toBe('pending');
  });

  it('keeps accepted and revoked as they are past the expiry', () => {
    expect(after(issue(1), accepted).statusAt(later(5 * DAY))).toBe('accepted');
    expect(after(issue(1), revoked).statusAt(later(5 * DAY))).toBe('revoked');
  });

  it('revokes pending, sent and delivery_failed invitations, but not expired ones', () => {
    expect(issue().revoke('staff-2', later(1))?.set).toMatchObject({ status: 'revoked', revokedBy: 'staff-2', revokedAt: later(1) });
    expect(after(issue(), sent).revoke('staff-2', later(1))).toBeDefined();
    expect(after(issue(), failed).revoke('staff-2', later(1))).toBeDefined();
    expect(issue(1).revoke('staff-2', later(DAY))).toBeUndefined();
  });

  it('records an acceptance that identity granted past the expiry: the access exists', () => {
    expect(issue(1).accept('user-1', later(DAY + 1))?.set.status).toBe('accepted');
  });

  it('repeats the recipient in the shape every invitation event carries', () => {
    expect(issue().recipient).toEqual({ invitationId: 'inv-1', clientId: 'client-1', contactId: null, email: 'jane@example.com' });
  });
});
