import { ApiProperty } from '@nestjs/swagger';
import { Invitation, INVITATION_STATUSES, InvitationStatus, RECIPIENT_KINDS, RecipientKind } from './domain/invitation';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export class InvitationResponseDto {
  @ApiProperty({ format: 'uuid' })
  invitationId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  recipientKind!: RecipientKind;

  @ApiProperty({ type: String, nullable: true, description: 'Set when the recipient is a linked contact of the client.' })
  contactId!: string | null;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The client or contact name the email greets; null for an extra address.' })
  recipientName!: string | null;

  @ApiProperty({
    enum: INVITATION_STATUSES,
    description:
      '`scheduled`: waiting for `sendAt`. `expired` is an open invitation (pending, sent, delivery_failed) past `expiresAt`. After a resend, a re-issue or a reminder the status follows that latest email.',
  })
  status!: InvitationStatus;

  @ApiProperty({ type: String, nullable: true, description: "The SMTP server's answer when status is delivery_failed." })
  deliveryFailureReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the first email was requested (for a scheduled invitation: when it will be).' })
  issuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when the invitation was scheduled: nothing is emailed before it.' })
  sendAt!: string | null;

  @ApiProperty({ description: 'Automatic reminders sent so far.' })
  remindersSent!: number;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveryFailedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  static from(invitation: Invitation, now = new Date()): InvitationResponseDto {
    const { props } = invitation;
    return {
      invitationId: props.id,
      clientId: props.clientId,
      recipientKind: props.recipientKind,
      contactId: props.contactId,
      email: props.email,
      recipientName: props.recipientName,
      status: invitation.statusAt(now),
      deliveryFailureReason: props.deliveryFailureReason,
      requestedAt: props.requestedAt.toISOString(),
      issuedAt: props.issuedAt.toISOString(),
      sendAt: iso(props.sendAt),
      remindersSent: props.remindersSent,
      expiresAt: props.expiresAt.toISOString(),
      sentAt: iso(props.sentAt),
      deliveryFailedAt: iso(props.deliveryFailedAt),
      acceptedAt: iso(props.acceptedAt),
      revokedAt: iso(props.revokedAt),
    };
  }
}

export class InvitationListResponseDto {
  @ApiProperty({
    type: [InvitationResponseDto],
    description: 'Oldest request first. A request shows up here once its invitation is issued (moments after the 202).',
  })
  items!: InvitationResponseDto[];
}
