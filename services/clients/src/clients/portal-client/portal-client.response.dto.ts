import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLIENT_KINDS, ClientKind } from '../domain/client';
import type { PortalClient } from './get-portal-client.service';

/** A linked contact as they see themself in the portal: no bookkeeping flags, no portal tracking. */
export class PortalContactResponseDto {
  @ApiProperty({ format: 'uuid' })
  contactId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'spouse', description: 'Their relationship to the client, as the firm recorded it.' })
  relationship!: string;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;
}

/**
 * A client record as the portal shows it to the person in it. Left out on purpose, as staff
 * data: the firm's `active`/`billable` flags, portal tracking (status, invitation and login
 * times, login ids), the other linked contacts, the revision and staff change times. A linked
 * contact also does not see the client's own email addresses.
 */
export class PortalClientResponseDto {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ enum: CLIENT_KINDS })
  kind!: ClientKind;

  @ApiProperty()
  displayName!: string;

  @ApiPropertyOptional({ type: [String], description: "The client's email addresses on file. Only when the client themself is acting (`contact` is null)." })
  emails?: string[];

  @ApiProperty({
    type: PortalContactResponseDto,
    nullable: true,
    description: 'The linked contact who is acting (their own entry only); null when it is the client themself.',
  })
  contact!: PortalContactResponseDto | null;

  static from({ client: { props }, contact }: PortalClient): PortalClientResponseDto {
    const base = { clientId: props.id, kind: props.kind, displayName: props.displayName };
    if (!contact) return { ...base, emails: [...props.emails], contact: null };
    const { contactId, name, relationship, email } = contact;
    return { ...base, contact: { contactId, name, relationship, email } };
  }
}
