import { Injectable, Logger } from '@nestjs/common';
import { causedBy, createEvent, EmailFailed, EmailSent, InvitationDeliveryFailed, InvitationSent, type EnvelopeOf } from '@portico/contracts';
import { Invitation } from '../domain/invitation';
import { changeInvitation, InvitationDecision } from '../change-invitation';
import { InvitationRepository } from '../domain/invitation.repository';

type DeliveryOutcome = EnvelopeOf<typeof EmailSent> | EnvelopeOf<typeof EmailFailed>;

/** Records what notifications reports about an invitation email: sent, or delivery failed with the reason. */
@Injectable()
export class RecordDeliveryService {
  private readonly logger = new Logger(RecordDeliveryService.name);

  constructor(private readonly invitations: InvitationRepository) {}

  sent(event: EnvelopeOf<typeof EmailSent>): Promise<void> {
    return this.record(event, (invitation) => {
      const change = invitation.markSent(new Date(event.payload.sentAt));
      return change && { change, events: [createEvent(InvitationSent, { ...invitation.recipient, sentAt: event.payload.sentAt }, causedBy(event))] };
    });
  }

  failed(event: EnvelopeOf<typeof EmailFailed>): Promise<void> {
    return this.record(event, (invitation) => {
      const change = invitation.markDeliveryFailed(event.payload.reason, new Date(event.payload.failedAt));
      return change && { change, events: [createEvent(InvitationDeliveryFailed, { ...invitation.recipient, reason: event.payload.reason }, causedBy(event))] };
    });
  }

  private async record(event: DeliveryOutcome, decide: (invitation: Invitation) => InvitationDecision | undefined): Promise<void> {
    const { about, deliveryKey } = event.payload;
    const outcome = await changeInvitation(
      this.invitations,
      event.firmId,
      about.id,
      // The outcome of a delivery this invitation no longer waits for (an earlier email) changes nothing.
      (invitation) => (invitation.props.deliveryKey === deliveryKey ? decide(invitation) : undefined),
      // Recording an outcome twice changes nothing (sent stays sent), so concurrent ones are written together.
      { idempotent: true },
    );
    // Another environment's email on a shared topic, or one for an invitation of another firm.
    if (outcome.kind === 'notFound') this.logger.warn(`${event.type} ${event.id} names invitation ${about.id}, unknown in firm ${event.firmId}: ignored`);
  }
}
