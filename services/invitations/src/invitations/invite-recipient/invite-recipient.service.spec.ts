import { InvitationRequested } from '@portico/contracts';
import { InMemoryInvitations, InMemorySlots } from '../../../test/support/in-memory-invitations';
import { Invitation } from '../domain/invitation';
import { InviteRecipientCommand, InviteRecipientService } from './invite-recipient.service';

const now = new Date('2026-03-01T10:00:00Z');
const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
const command = (overrides: Partial<InviteRecipientCommand> = {}): InviteRecipientCommand => ({
  firmId: 'firm-1',
  clientId: 'client-1',
  email: 'jane@example.com',
  recipientKind: 'client',
  contactId: null,
  message: 'Welcome aboard',
  templateId: null,
  requestedBy: 'staff-1',
  ...overrides,
});

describe('InviteRecipientService', () => {
  let slots: InMemorySlots;
  let invitations: InMemoryInvitations;
  let service: InviteRecipientService;

  beforeEach(() => {
    slots = new InMemorySlots();
    invitations = new InMemoryInvitations();
    service = new InviteRecipientService(slots, invitations);
  });

  /** What the InvitationRequested consumer would do with the slot's request. */
  const issue = async (invitationId: string, expiryDays = 30) => {
    const slot = [...slots.stored.values()].find((s) => s.invitationId === invitationId)!;
    const invitation = Invitation.issue(
      { ...slot, id: invitationId, recipientName: null, message: null, templateId: null, requestedBy: 'staff-1', tokenHash: '0'.repeat(64), expiryDays },
      now,
    );
    await invitations.insertOnce(invitation, []);
    return invitation;
  };

  it('requests a new invitation: claims the slot and records InvitationRequested in that same write', async () => {
    const result = await service.execute(command({ recipientKind: 'contact', contactId: 'spouse', email: 'john@example.com' }), origin, now);
    expect(result).toEqual({
      invitationId: expect.any(String),
      clientId: 'client-1',
      email: 'john@example.com',
      recipientKind: 'contact',
      contactId: 'spouse',
      status: 'pending',
      existing: false,
    });
    expect(slots.events).toHaveLength(1);
    expect(slots.events[0]).toMatchObject({
      type: InvitationRequested.type,
      firmId: 'firm-1',
      correlationId: 'corr-1',
      key: result.invitationId,
      payload: {
        invitationId: result.invitationId,
        email: 'john@example.com',
        recipientKind: 'contact',
        contactId: 'spouse',
        message: 'Welcome aboard',
        requestedBy: 'staff-1',
      },
    });
  });

  it('returns the requested invitation again while it is not issued yet', async () => {
    const first = await service.execute(command(), origin, now);
    const again = await service.execute(command({ clientId: 'client-2', recipientKind: 'extra' }), origin, now);
    expect(again).toEqual({ ...first, existing: true });
    expect(slots.events).toHaveLength(1);
  });

  it('returns the open invitation with its current status instead of a second one', async () => {
    const first = await service.execute(command(), origin, now);
    const issued = await issue(first.invitationId);
    await invitations.applyChange(issued, issued.markSent(now)!, []);
    const again = await service.execute(command(), origin, now);
    expect(again).toMatchObject({ invitationId: first.invitationId, status: 'sent', existing: true });
    expect(slots.events).toHaveLength(1);
  });

  it('keeps firms apart: the same address gets its own invitation in another firm', async () => {
    const first = await service.execute(command(), origin, now);
    const other = await service.execute(command({ firmId: 'firm-2' }), { ...origin, firmId: 'firm-2' }, now);
    expect(other.invitationId).not.toBe(first.invitationId);
    expect(other.existing).toBe(false);
  });

  it.each([
    ['revoked', (i: Invitation) => i.revoke('staff-1', now)],
    ['accepted', (i: Invitation) => i.accept('user-1', now)],
  ])('invites anew once the previous invitation is %s', async (_status, close) => {
    const first = await service.execute(command(), origin, now);
    const issued = await issue(first.invitationId);
    await invitations.applyChange(issued, close(issued)!, []);
    const second = await service.execute(command(), origin, now);
    expect(second).toMatchObject({ existing: false, status: 'pending' });
    expect(second.invitationId).not.toBe(first.invitationId);
    expect([...slots.stored.values()].map((slot) => slot.invitationId)).toEqual([second.invitationId]);
  });

  it('invites anew once the previous invitation has expired', async () => {
    const first = await service.execute(command(), origin, now);
    await issue(first.invitationId, 1);
    const dayLater = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    const second = await service.execute(command(), origin, dayLater);
    expect(second.existing).toBe(false);
  });

  it('of two requests racing for a free address, one creates the invitation and the other gets it', async () => {
    let competitor: Promise<unknown> | undefined;
    slots.beforeClaim = async () => {
      competitor = service.execute(command({ recipientKind: 'extra' }), origin, now);
      await competitor;
    };
    const result = await service.execute(command(), origin, now);
    const winner = (await competitor) as { invitationId: string };
    expect(result).toMatchObject({ invitationId: winner.invitationId, existing: true });
    expect(slots.events).toHaveLength(1);
  });
});
