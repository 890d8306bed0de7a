import { ApiProperty } from '@nestjs/swagger';

export class HomePortalDto {
  @ApiProperty()
  firmId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The linked contact acting; null when the client acts.' })
  contactId!: string | null;
}

export class HomeUserDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ example: 'DS' })
  initials!: string;

  @ApiProperty()
  email!: string;
}

export class HomeBillingDto {
  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ description: 'Open balance in minor units (cents).' })
  balanceMinor!: number;

  @ApiProperty()
  openInvoiceCount!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Due date of the next open invoice, if any.' })
  nextDueDate!: string | null;
}

const SECTION_NAMES = ['user', 'todos', 'recentFiles', 'billing'] as const;
export type HomeSection = (typeof SECTION_NAMES)[number];

const item = { type: 'object', additionalProperties: true } as const;

export class PortalHomeDto {
  @ApiProperty({ type: HomePortalDto, nullable: true, description: 'The portal of the access token (null only when identity is unavailable).' })
  portal!: HomePortalDto | null;

  @ApiProperty({ type: HomeUserDto, nullable: true, description: 'For the User Settings menu (identity `GET /me`).' })
  user!: HomeUserDto | null;

  @ApiProperty({ type: 'array', items: item, nullable: true, description: 'Open to-dos, as tasks `GET /portal/todos?status=open` lists them.' })
  todos!: unknown[] | null;

  @ApiProperty({ type: 'array', items: item, nullable: true, description: 'The 5 most recent files, as files `GET /portal/files?limit=5` lists them.' })
  recentFiles!: unknown[] | null;

  @ApiProperty({
    type: HomeBillingDto,
    nullable: true,
    description: 'Null when billing is not enabled for this client, or unavailable (then named in `unavailable`).',
  })
  billing!: HomeBillingDto | null;

  @ApiProperty({
    enum: SECTION_NAMES,
    isArray: true,
    description: 'Sections whose service failed (5xx, timeout, unreachable): they are null, the rest is served.',
  })
  unavailable!: HomeSection[];
}
