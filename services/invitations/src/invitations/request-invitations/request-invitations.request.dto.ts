import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '@portico/platform';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Email as contractEmail } from '@portico/contracts';
import { parseSendAt } from '../send-at';

// The contracts' Email field (InvitationRequested.email): an address it refuses could not be
// requested, so it is refused here with a 400 instead of failing later.

export class RequestInvitationsRequestDto {
  @ApiProperty({
    type: [String],
    required: false,
    example: ['jane@example.com'],
    description:
      "Addresses on file for the client to invite (compared case-insensitively). Naming them, rather than a flag, lets staff pick among a client's several addresses.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  clientEmails?: string[];

  @ApiProperty({
    type: [String],
    required: false,
    description: 'Linked contacts of the client to invite, active or not, billable or not; each needs an email on file.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  contactIds?: string[];

  @ApiProperty({ type: [String], required: false, example: ['bookkeeper@example.com'], description: "Other addresses to give access to this client's portal." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  extraEmails?: string[];

  @ApiProperty({ required: false, maxLength: 5000, description: 'Personal message shown in the email.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  message?: string;

  @ApiProperty({ required: false, description: 'A firm email template of the notifications service; the default invitation email when absent.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  templateId?: string;

  @ApiProperty({
    required: false,
    type: String,
    format: 'date-time',
    example: '2027-01-31T09:00:00Z',
    description: 'Send later: nothing is emailed before this time (future, at most 90 days ahead). The invitations read `scheduled` until then.',
  })
  @IsOptional()
  sendAt?: string;
}

/**
 * What the ValidationPipe cannot say about the body, in its words (`field`, `rule`): which
 * element of an email list is malformed (`extraEmails.1`), a request that names nobody, and a
 * `sendAt` that is not a future date-time within 90 days.
 */
export function recipientFieldErrors(body: RequestInvitationsRequestDto): FieldError[] {
  const malformed = (list: 'clientEmails' | 'extraEmails') =>
    (body[list] ?? []).flatMap((email, index) =>
      contractEmail.safeParse(email.trim()).success ? [] : [{ field: `${list}.${index}`, rule: 'isEmail', message: `${list}.${index} must be an email` }],
    );
  const errors = [...malformed('clientEmails'), ...malformed('extraEmails')];
  const sendAt = parseSendAt(body.sendAt);
  if ('error' in sendAt) errors.push(sendAt.error);
  const named = (body.clientEmails?.length ?? 0) + (body.contactIds?.length ?? 0) + (body.extraEmails?.length ?? 0);
  if (named === 0)
    errors.push({ field: 'recipients', rule: 'atLeastOneRecipient', message: 'Name at least one recipient in clientEmails, contactIds or extraEmails' });
  return errors;
}
