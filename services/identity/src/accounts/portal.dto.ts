import { ApiProperty } from '@nestjs/swagger';

/** A portal a login may enter: one firm, one client record of that firm. */
export class PortalDto {
  @ApiProperty()
  firmId!: string;

  @ApiProperty()
  firmName!: string;

  @ApiProperty({ description: 'The client record of that firm this login sees.' })
  clientId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Set when this login is a linked contact of that client.' })
  contactId!: string | null;
}
