import { ApiProperty } from '@nestjs/swagger';
import { Client, CLIENT_KINDS, ClientKind } from './domain/client';
import { Contact } from './domain/contact';
import { PORTAL_STATUSES, PortalAccess, PortalStatus } from './domain/portal-access';

export class PortalAccessResponseDto {
  @ApiProperty({ enum: PORTAL_STATUSES, description: '`none` -> `invited` (not logged in yet) -> `has_portal`; never goes back.' })
  status!: PortalStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the latest invitation was issued.' })
  invitedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When an invitation was first accepted.' })
  accessGrantedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: string | null;

  static from(portal: PortalAccess): PortalAccessResponseDto {
    return {
      status: portal.status,
      invitedAt: portal.invitedAt?.toISOString() ?? null,
      accessGrantedAt: portal.accessGrantedAt?.toISOString() ?? null,
      lastLoginAt: portal.lastLoginAt?.toISOString() ?? null,
    };
  }
}

export class ContactResponseDto {
  @ApiProperty({ format: 'uuid' })
  contactId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'spouse' })
  relationship!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null: no email on file, so the contact cannot be invited.' })
  email!: string | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty()
  billable!: boolean;

  @ApiProperty({ type: PortalAccessResponseDto })
  portal!: PortalAccessResponseDto;

  static from(contact: Contact): ContactResponseDto {
    const { contactId, name, relationship, email, active, billable, portal } = contact;
    return { contactId, name, relationship, email, active, billable, portal: PortalAccessResponseDto.from(portal) };
  }
}

export class ClientResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  firmId!: string;

  @ApiProperty({ enum: CLIENT_KINDS })
  kind!: ClientKind;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ type: [String] })
  emails!: string[];

  @ApiProperty({ type: [ContactResponseDto], description: 'Linked contacts, in the order they were added.' })
  contacts!: ContactResponseDto[];

  @ApiProperty({ type: PortalAccessResponseDto, description: "The client's own portal access." })
  portal!: PortalAccessResponseDto;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ description: 'Last change made by staff (portal access has its own times).' })
  updatedAt!: string;

  static from({ props }: Client): ClientResponseDto {
    return {
      id: props.id,
      firmId: props.firmId,
      kind: props.kind,
      displayName: props.displayName,
      emails: [...props.emails],
      contacts: props.contacts.map(ContactResponseDto.from),
      portal: PortalAccessResponseDto.from(props.portal),
      createdAt: props.createdAt.toISOString(),
      updatedAt: props.updatedAt.toISOString(),
    };
  }
}

export class ClientPageResponseDto {
  @ApiProperty({ type: [ClientResponseDto] })
  items!: ClientResponseDto[];

  @ApiProperty({ required: false, description: 'Pass as `after` for the next page; absent on the last page.' })
  nextCursor?: string;
}
