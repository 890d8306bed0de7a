import { invitationTokenHash } from '@portico/contracts';
import type { FirmDirectory } from '../../firms/firm-directory';
import { firmSettings } from '../../firms/domain/firm-settings';
import { InMemoryInvitations, InMemorySlots } from '../../../test/support/in-memory-invitations';
import { Invitation } from '../domain/invitation';
import { ReissueLinkService } from './reissue-link.service';

const now = new Date('2026-03-01T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

describe('ReissueLinkService', () => {
  let invitations: InMemoryInvitations;
  let slots: InMemorySlots;
  let service: ReissueLinkService;
  const firms = {
    find: async (firmId: string) => ({ firmId, name: 'Acme Accounting', settings: firmSettings({ resendsPerDay: 1 }) }),
  } as unknown as FirmDirectory;

  const expired = Invitation.issue(
    {
      id: 'inv-1',
      firmId: 'firm-1',
      clientId: 'c-1',
      contactId: null,
      recipientKind: 'client',
      email: 'jane@example.com',
      recipientName: 'Jane',
      message: 'Hi',
      templateId: null,
      requestedBy: 's',
      tokenHash: 'a'.repeat(64),
      requestedAt: now,
      expiryDays: 1,
    },
    new Date(now.getTime() - 2 * DAY),
  );
  const holdSlot = (invitationId: string) =>
    slots.claim(
      { firmId: 'firm-1', email: 'jane@example.com', invitationId, clientId: 'c-1', recipientKind: 'client', contactId: null, requestedAt: now },
      slots.stored.size ? 'inv-1' : undefined,
      [],
    );

  beforeEach(async () => {
    invitations = new InMemoryInvitations();
    slots = new InMemorySlots();
    await invitations.insertOnce(expired, []);
    service = new ReissueLinkService(invitations, slots, firms, {
      PORTAL_BASE_URL: 'https://portal.example.com',
      INVITATION_DAY_MS: DAY,
      SELF_SERVE_REISSUES_PER_DAY: 3,
    });
  });

  it('writes InvitationReissued and the new link email with the change, and leaves the slot unreserved', async () => {
    await holdSlot('inv-1');
    const outcome = await service.execute(() => invitations.findById('firm-1', 'inv-1'), 'self-serve', 'corr-1', now);
    expect(outcome.kind).toBe('reissued');
    const [reissued, email] = invitations.events;
    expect(reissued).toMatchObject({
      type: 'InvitationReissued',
      firmId: 'firm-1',
      correlationId: 'corr-1',
      payload: { trigger: 'self-serve', email: 'jane@example.com' },
    });
    expect(email).toMatchObject({
      type: 'InvitationEmailRequested',
      payload: { to: 'jane@example.com', deliveryKey: 'invitation:inv-1:2', firmName: 'Acme Accounting', message: 'Hi', recipientName: 'Jane' },
    });
    const token = (email!.payload as { acceptUrl: string }).acceptUrl.split('/').pop()!;
    expect(invitationTokenHash(token)).toBe((reissued!.payload as { tokenHash: string }).tokenHash);
    expect(invitations.stored.get('inv-1')!.statusAt(now)).toBe('pending');
    expect([...slots.stored.values()][0]!.reservedUntil).toBeNull();
  });

  it('refuses an expired invitation whose address was invited anew (another holder), writing nothing', async () => {
    await holdSlot('inv-1');
    await holdSlot('inv-2');
    const outcome = await service.execute(() => invitations.findById('firm-1', 'inv-1'), 'resend', 'corr-1', now);
    expect(outcome.kind).toBe('slotTaken');
    expect(invitations.events).toHaveLength(0);
  });

  it("applies the firm's resendsPerDay to staff resends", async () => {
    await holdSlot('inv-1');
    expect((await service.execute(() => invitations.findById('firm-1', 'inv-1'), 'resend', 'corr-1', now)).kind).toBe('reissued');
    expect(await service.execute(() => invitations.findById('firm-1', 'inv-1'), 'resend', 'corr-2', new Date(now.getTime() + 1000))).toEqual({
      kind: 'limited',
      limit: 1,
      retryAfterMs: DAY - 1000,
    });
  });

  it('answers notFound for an unknown invitation', async () => {
    expect(await service.execute(async () => undefined, 'resend', 'corr-1', now)).toEqual({ kind: 'notFound' });
  });
});
