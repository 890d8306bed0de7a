import { createEvent, EmailFailed, EmailSent } from '@portico/contracts';
import { InMemoryInvitations } from '../../../test/support/in-memory-invitations';
import { Invitation } from '../domain/invitation';
import { RecordDeliveryService } from './record-delivery.service';

const now = new Date('2026-03-01T10:00:00Z');
const origin = { firmId: 'firm-1', correlationId: 'corr-1' };
const sent = (deliveryKey = 'invitation:inv-1:1', firmId = 'firm-1') =>
  createEvent(
    EmailSent,
    {
      deliveryKey,
      about: { kind: 'invitation' as const, id: 'inv-1' },
      to: 'a@example.com',
      messageId: '<m@smtp>',
      attempts: 1,
      sentAt: '2026-03-01T10:00:05.000Z',
    },
    { ...origin, firmId },
  );
const failed = () =>
  createEvent(
    EmailFailed,
    {
      deliveryKey: 'invitation:inv-1:1',
      about: { kind: 'invitation' as const, id: 'inv-1' },
      to: 'a@example.com',
      reason: '550 no such user',
      attempts: 5,
      failedAt: '2026-03-01T10:01:00.000Z',
    },
    origin,
  );

describe('RecordDeliveryService', () => {
  let invitations: InMemoryInvitations;
  let service: RecordDeliveryService;

  beforeEach(async () => {
    invitations = new InMemoryInvitations();
    service = new RecordDeliveryService(invitations);
    await invitations.insertOnce(
      Invitation.issue(
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
      ),
      [],
    );
  });

  const status = () => invitations.stored.get('inv-1')!.props.status;

  it('marks the invitation sent once, however often EmailSent arrives', async () => {
    const event = sent();
    await service.sent(event);
    await service.sent(event);
    expect(status()).toBe('sent');
    expect(invitations.events).toEqual([
      expect.objectContaining({
        type: 'InvitationSent',
        causationId: event.id,
        payload: expect.objectContaining({ invitationId: 'inv-1', sentAt: '2026-03-01T10:00:05.000Z' }),
      }),
    ]);
  });

  it('records the failure reason, and does not let a failure override a sent email', async () => {
    await service.failed(failed());
    expect(invitations.stored.get('inv-1')!.props).toMatchObject({ status: 'delivery_failed', deliveryFailureReason: '550 no such user' });
    await service.sent(sent());
    await service.failed(failed());
    expect(status()).toBe('sent');
    expect(invitations.events.map((event) => event.type)).toEqual(['InvitationDeliveryFailed', 'InvitationSent']);
  });

  it('ignores the outcome of a delivery the invitation is not waiting for, and of another firm', async () => {
    await service.sent(sent('invitation:inv-1:0'));
    await service.sent(sent('invitation:inv-1:1', 'firm-2'));
    expect(status()).toBe('pending');
    expect(invitations.events).toEqual([]);
  });
});
