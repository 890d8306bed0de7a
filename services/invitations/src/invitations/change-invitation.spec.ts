import type { EventEnvelope } from '@portico/contracts';
import { InMemoryInvitations } from '../../test/support/in-memory-invitations';
import { Invitation, InvitationChange } from './domain/invitation';
import { changeInvitation } from './change-invitation';

const now = new Date('2026-03-01T10:00:00Z');
const pending = Invitation.issue(
  {
    id: 'inv-1',
    firmId: 'firm-1',
    clientId: 'c-1',
    contactId: null,
    recipientKind: 'extra',
    email: 'a@example.com',
    recipientName: null,
    message: null,
    templateId: null,
    requestedBy: 's',
    tokenHash: 'f'.repeat(64),
    requestedAt: now,
    expiryDays: 30,
  },
  now,
);
const event = { id: 'event-1' } as EventEnvelope;

describe('changeInvitation (read, decide, write if unchanged)', () => {
  let invitations: InMemoryInvitations;

  beforeEach(async () => {
    invitations = new InMemoryInvitations();
    await invitations.insertOnce(pending, []);
  });

  it('stores the change and its events together', async () => {
    const outcome = await changeInvitation(invitations, 'firm-1', 'inv-1', (invitation) => ({ change: invitation.markSent(now)!, events: [event] }));
    expect(outcome).toMatchObject({ kind: 'changed', invitation: { props: { status: 'sent' } } });
    expect(invitations.stored.get('inv-1')!.props.status).toBe('sent');
    expect(invitations.events).toEqual([event]);
  });

  it("reports an unknown invitation, and another firm's, as not found", async () => {
    expect(await changeInvitation(invitations, 'firm-1', 'nope', () => undefined)).toEqual({ kind: 'notFound' });
    expect(await changeInvitation(invitations, 'firm-2', 'inv-1', () => undefined)).toEqual({ kind: 'notFound' });
  });

  it('writes nothing when the decision refuses', async () => {
    const outcome = await changeInvitation(invitations, 'firm-1', 'inv-1', () => undefined);
    expect(outcome).toMatchObject({ kind: 'refused', invitation: { props: { status: 'pending' } } });
    expect(invitations.events).toEqual([]);
  });

  it('decides again on the new state when another change won the race', async () => {
    // Identity's acceptance lands between our read and our write of a revocation.
    const racing = new (class extends InMemoryInvitations {
      private raced = false;
      override async applyChange(invitation: Invitation, change: InvitationChange, events: EventEnvelope[]): Promise<boolean> {
        if (!this.raced) {
          this.raced = true;
          const current = this.stored.get(invitation.id)!;
          await super.applyChange(current, current.accept('user-1', now)!, []);
        }
        return super.applyChange(invitation, change, events);
      }
    })();
    await racing.insertOnce(pending, []);
    const decisions: string[] = [];
    const outcome = await changeInvitation(racing, 'firm-1', 'inv-1', (invitation) => {
      decisions.push(invitation.props.status);
      const change = invitation.revoke('staff-1', now);
      return change && { change, events: [event] };
    });
    expect(decisions).toEqual(['pending', 'accepted']);
    expect(outcome).toMatchObject({ kind: 'refused', invitation: { props: { status: 'accepted' } } });
    expect(racing.events).toEqual([]);
  });
});
