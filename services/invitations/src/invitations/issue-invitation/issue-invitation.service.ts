import { Injectable, Logger, Optional } from '@nestjs/common';
import { causedBy, createEvent, InvitationEmailRequested, InvitationIssued, InvitationRequested, type EnvelopeOf } from '@portico/contracts';
import { InjectConfig } from '@portico/config';
import { BulkFanOutService } from '../../bulk/bulk-fan-out.service';
import { ClientDirectory } from '@portico/client-directory';
import { FirmDirectory } from '../../firms/firm-directory';
import type { InvitationsConfig } from '../../invitations.env';
import { Invitation } from '../domain/invitation';
import { InvitationRepository } from '../domain/invitation.repository';
import { InvitationSlotRepository } from '../domain/invitation-slot';
import { InvitationToken } from '../domain/invitation-token';

/**
 * Turns a recorded InvitationRequested into an invitation: a fresh token whose hash is kept,
 * the expiry of the firm's setting, and the two events that follow (InvitationIssued for
 * identity and clients, InvitationEmailRequested with the link for notifications), all in the
 * invitation's first write.
 */
@Injectable()
export class IssueInvitationService {
  private readonly logger = new Logger(IssueInvitationService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly slots: InvitationSlotRepository,
    private readonly firms: FirmDirectory,
    private readonly clients: ClientDirectory,
    @InjectConfig() private readonly config: Pick<InvitationsConfig, 'PORTAL_BASE_URL'> & Partial<Pick<InvitationsConfig, 'INVITATION_DAY_MS'>>,
    // Absent in unit tests of single requests; Nest always provides it.
    @Optional() private readonly bulk?: BulkFanOutService,
  ) {}

  async execute(event: EnvelopeOf<typeof InvitationRequested>, now = new Date()): Promise<void> {
    const request = event.payload;
    const firmId = event.firmId;
    const jobId = request.jobId;
    // A redelivered request: the invitation exists, its token and email went out the first time.
    if (await this.invitations.findById(firmId, request.invitationId)) {
      // Its bulk job may not have learnt of it (a crash right after issuing): settling is idempotent.
      if (jobId !== undefined) await this.bulk?.settle(firmId, jobId, request.invitationId, null, request.chunk);
      return;
    }

    if (jobId !== undefined) {
      // A bulk recipient claims its slot now (see BulkFanOutService.admit): skipped when the
      // address was invited meanwhile or the job was cancelled, or not ours at all.
      if (!this.bulk || (await this.bulk.admit(event, now)) === 'ignore') return;
    } else {
      // Every single request this service accepts claimed its slot in the same write that
      // recorded it. One that holds no slot was not recorded here (another environment's event
      // on a shared topic, or a forged one) and is not acted upon.
      const slot = await this.slots.find(firmId, request.email);
      if (slot?.invitationId !== request.invitationId) {
        this.logger.warn(`InvitationRequested ${event.id} (invitation ${request.invitationId}) holds no invitation slot here: ignored`);
        return;
      }
    }

    const firm = await this.firms.find(firmId);
    // The request was only accepted once the firm was known, so this is not a race to wait out;
    // throwing lets the transport retry, then dead-letter it for someone to look at.
    if (firm.name === null) throw new Error(`Firm ${firmId} is not in the firm directory: cannot name it in the invitation email`);
    const recipientName = await this.recipientName(firmId, request);

    const token = InvitationToken.generate();
    const invitation = Invitation.issue(
      {
        id: request.invitationId,
        firmId,
        clientId: request.clientId,
        contactId: request.contactId ?? null,
        recipientKind: request.recipientKind,
        email: request.email,
        recipientName,
        message: request.message ?? null,
        templateId: request.templateId ?? null,
        requestedBy: request.requestedBy,
        tokenHash: token.hash,
        requestedAt: new Date(event.occurredAt),
        expiryDays: firm.settings.expiryDays,
        reminderDays: firm.settings.reminderDays,
        dayMs: this.config.INVITATION_DAY_MS,
        jobId: jobId ?? null,
      },
      now,
    );
    const { id: invitationId, clientId, contactId, recipientKind, email, tokenHash, expiresAt, deliveryKey, message, templateId } = invitation.props;
    const origin = causedBy(event);
    const issued = createEvent(
      InvitationIssued,
      { invitationId, clientId, contactId, email, recipientKind, tokenHash, expiresAt: expiresAt.toISOString() },
      origin,
    );
    const emailRequested = createEvent(
      InvitationEmailRequested,
      {
        invitationId,
        deliveryKey,
        to: email,
        firmName: firm.name,
        recipientName,
        message,
        templateId,
        acceptUrl: token.acceptUrl(this.config.PORTAL_BASE_URL),
        expiresAt: expiresAt.toISOString(),
      },
      origin,
    );
    // Loses only to a concurrent delivery of the same request, which issued it: then this token
    // is dropped unseen, and exactly one link ever exists.
    await this.invitations.insertOnce(invitation, [issued, emailRequested]);
    if (jobId !== undefined) await this.bulk?.settle(firmId, jobId, invitationId, null, request.chunk);
  }

  /** How the email greets the recipient: the client's or contact's name; none for a typed-in address. */
  private async recipientName(firmId: string, request: EnvelopeOf<typeof InvitationRequested>['payload']): Promise<string | null> {
    if (request.recipientKind === 'extra') return null;
    const client = await this.clients.find(firmId, request.clientId);
    if (request.recipientKind === 'client') return client?.displayName ?? null;
    return client?.contacts.find((contact) => contact.contactId === request.contactId)?.name ?? null;
  }
}
