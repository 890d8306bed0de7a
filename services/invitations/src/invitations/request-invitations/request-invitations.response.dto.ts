import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATUSES, InvitationStatus, RECIPIENT_KINDS, RecipientKind } from '../domain/invitation';

export class RequestedInvitationDto {
  @ApiProperty({ format: 'uuid' })
  invitationId!: string;

  @ApiProperty({ description: 'The client the invitation belongs to (another client of the firm when the address was already invited for them).' })
  clientId!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  recipientKind!: RecipientKind;

  @ApiProperty({ type: String, nullable: true })
  contactId!: string | null;

  @ApiProperty({ enum: INVITATION_STATUSES, description: 'pending for a new invitation; the current status of an existing one.' })
  status!: InvitationStatus;

  @ApiProperty({ description: 'True when the address already had an open invitation to this firm: that invitation is returned and nothing new is sent.' })
  existing!: boolean;
}

export class RequestInvitationsResponseDto {
  @ApiProperty({ type: [RequestedInvitationDto], description: 'One entry per distinct address, in the order clientEmails, contactIds, extraEmails.' })
  invitations!: RequestedInvitationDto[];
}
