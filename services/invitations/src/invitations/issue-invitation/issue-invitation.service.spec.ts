import { createEvent, type EnvelopeOf, InvitationEmailRequested, InvitationIssued, InvitationRequested, invitationTokenHash } from '@portico/contracts';
import { InMemoryInvitations, InMemorySlots } from '../../../test/support/in-memory-invitations';
import type { ClientDirectory, DirectoryClient } from '@portico/client-directory';
import { firmSettings } from '../../firms/domain/firm-settings';
import type { DirectoryFirm, FirmDirectory } from '../../firms/firm-directory';
import { InviteRecipientService } from '../invite-recipient/invite-recipient.service';
import { IssueInvitationService } from './issue-invitation.service';

const now = new Date('2026-03-01T10:00:00Z');
const firm: DirectoryFirm = { firmId: 'firm-1', name: 'Acme Accounting', settings: firmSettings({ expiryDays: 14 }) };
const client: DirectoryClient = {
  clientId: 'client-1',
  firmId: 'firm-1',
  kind: 'individual',
  displayName: 'Jane Doe',
  emails: ['jane@example.com'],
  contacts: [{ contactId: 'spouse', name: 'John Doe', relationship: 'spouse', email: 'john@example.com', active: false, billable: false }],
};

describe('IssueInvitationService', () => {
  let slots: InMemorySlots;
  let invitations: InMemoryInvitations;
  let service: IssueInvitationService;
  let firmName: string | null;

  beforeEach(() => {
    slots = new InMemorySlots();
    invitations = new InMemoryInvitations();
    firmName = firm.name;
    const firms = { find: async () => ({ ...firm, name: firmName }) } as unknown as FirmDirectory;
    const clients = {
      find: async (firmId: string, clientId: string) => (firmId === client.firmId && clientId === client.clientId ? client : undefined),
    } as unknown as ClientDirectory;
    service = new IssueInvitationService(invitations, slots, firms, clients, { PORTAL_BASE_URL: 'https://portal.example.com' });
  });

  /** A request recorded the way the HTTP path records it (slot claim + event). */
  const requested = async (recipient: { email: string; recipientKind: 'client' | 'contact' | 'extra'; contactId: string | null }) => {
    await new InviteRecipientService(slots, invitations).execute(
      { firmId: 'firm-1', clientId: 'client-1', ...recipient, message: 'Hello', templateId: null, requestedBy: 'staff-1' },
      { firmId: 'firm-1', correlationId: 'corr-1' },
      now,
    );
    return slots.events.at(-1) as EnvelopeOf<typeof InvitationRequested>;
  };

  it('issues the invitation with a token whose hash only is kept, and asks for the email with the link', async () => {
    const request = await requested({ email: 'john@example.com', recipientKind: 'contact', contactId: 'spouse' });
    await service.execute(request, now);

    const invitation = invitations.stored.get(request.payload.invitationId)!;
    expect(invitation.props).toMatchObject({
      status: 'pending',
      email: 'john@example.com',
      recipientName: 'John Doe',
      message: 'Hello',
      expiresAt: new Date('2026-03-15T10:00:00Z'),
    });
    const [issued, email] = invitations.events as [EnvelopeOf<typeof InvitationIssued>, EnvelopeOf<typeof InvitationEmailRequested>];
    expect(issued).toMatchObject({
      type: 'InvitationIssued',
      causationId: request.id,
      correlationId: 'corr-1',
      payload: { tokenHash: invitation.props.tokenHash, contactId: 'spouse', recipientKind: 'contact', expiresAt: '2026-03-15T10:00:00.000Z' },
    });
    expect(email).toMatchObject({
      type: 'InvitationEmailRequested',
      payload: {
        deliveryKey: `invitation:${invitation.id}:1`,
        to: 'john@example.com',
        firmName: 'Acme Accounting',
        recipientName: 'John Doe',
        message: 'Hello',
        templateId: null,
      },
    });

    const token = /^https:\/\/portal\.example\.com\/api\/identity\/invitations\/([A-Za-z0-9_-]{43})$/.exec(email.payload.acceptUrl)![1]!;
    expect(invitationTokenHash(token)).toBe(invitation.props.tokenHash);
    expect(JSON.stringify(invitation.props)).not.toContain(token);
  });

  it('greets a client by name and an extra address by none', async () => {
    await service.execute(await requested({ email: 'jane@example.com', recipientKind: 'client', contactId: null }), now);
    await service.execute(await requested({ email: 'other@example.com', recipientKind: 'extra', contactId: null }), now);
    const emails = invitations.events.filter((event) => event.type === 'InvitationEmailRequested') as EnvelopeOf<typeof InvitationEmailRequested>[];
    expect(emails.map((event) => event.payload.recipientName)).toEqual(['Jane Doe', null]);
  });

  it('mints one token and one email however often the request is delivered', async () => {
    const request = await requested({ email: 'jane@example.com', recipientKind: 'client', contactId: null });
    await service.execute(request, now);
    const tokenHash = invitations.stored.get(request.payload.invitationId)!.props.tokenHash;
    await service.execute(request, now);
    await service.execute({ ...request, id: '0190d5a8-0000-7000-8000-000000000001' }, now);
    expect(invitations.events.map((event) => event.type)).toEqual(['InvitationIssued', 'InvitationEmailRequested']);
    expect(invitations.stored.get(request.payload.invitationId)!.props.tokenHash).toBe(tokenHash);
  });

  it('ignores a request this service did not record (no slot names it)', async () => {
    const foreign = createEvent(
      InvitationRequested,
      { invitationId: 'inv-foreign', clientId: 'client-1', email: 'jane@example.com', recipientKind: 'client', requestedBy: 'staff-9' },
      { firmId: 'firm-1', correlationId: 'elsewhere' },
    );
    await service.execute(foreign, now);
    expect(invitations.stored.size).toBe(0);
    expect(invitations.events).toEqual([]);
  });

  it('fails (to be retried, then dead-lettered) rather than email without the firm name', async () => {
    const request = await requested({ email: 'jane@example.com', recipientKind: 'client', contactId: null });
    firmName = null;
    await expect(service.execute(request, now)).rejects.toThrow('Firm firm-1 is not in the firm directory');
    expect(invitations.stored.size).toBe(0);
  });
});
