import { Body, Controller, Get, NotFoundException, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@portico/auth';
import { FirmRepository, UserRepository, UserSettingsRepository } from '../domain/account.repositories';
import { initialsOf } from '../domain/user';
import { PortalDto } from '../portal.dto';
import { RenameRequestDto } from './rename.request.dto';

class MeFirmDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;
}

class MePortalDto {
  @ApiProperty()
  firmId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ type: String, nullable: true })
  contactId!: string | null;
}

export class MeResponseDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ enum: ['staff', 'client'], description: 'The role of the login (a staff member may also hold client portals: see /me/portals).' })
  role!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Staff: from signup. Clients: null until they set one (PATCH /me).' })
  name!: string | null;

  @ApiProperty({ example: 'DS', description: 'First letters of the first and last word of the name; without a name, the first letter of the email.' })
  initials!: string;

  @ApiProperty({ type: MeFirmDto, nullable: true, description: 'The firm a staff member works for; null for a client login.' })
  firm!: MeFirmDto | null;

  @ApiProperty({
    type: MePortalDto,
    nullable: true,
    description: 'The portal the calling access token is scoped to (POST /auth/portal); null outside a portal.',
  })
  portal!: MePortalDto | null;
}

export class PortalListDto {
  @ApiProperty({ type: [PortalDto] })
  items!: PortalDto[];
}

const portalOf = ({ role, firmId, clientId, contactId }: Principal): MePortalDto | null =>
  role === 'client' && firmId !== undefined && clientId !== undefined ? { firmId, clientId, contactId: contactId ?? null } : null;

@ApiTags('me')
@Controller('me')
export class MeHttpController {
  constructor(
    private readonly users: UserRepository,
    private readonly settings: UserSettingsRepository,
    private readonly firms: FirmRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The calling login (User Settings): name, initials, and the portal of the token' })
  @ApiOkResponse({ type: MeResponseDto })
  async me(@CurrentUser() principal: Principal): Promise<MeResponseDto> {
    const user = await this.users.findById(principal.userId);
    // A valid token for an account deleted since it was issued.
    if (!user) throw new NotFoundException('Account not found');
    const firm = user.role === 'staff' ? await this.firms.findById(user.firmId) : null;
    if (user.role === 'staff' && !firm) throw new NotFoundException('Account not found');
    return {
      userId: user.id,
      role: user.role,
      email: user.email,
      name: user.name ?? null,
      initials: initialsOf(user),
      firm: firm ? { id: firm.id, name: firm.name } : null,
      portal: portalOf(principal),
    };
  }

  @Patch()
  @ApiOperation({ summary: 'Rename the calling login (staff and clients alike)' })
  @ApiOkResponse({ type: MeResponseDto })
  async rename(@CurrentUser() principal: Principal, @Body() body: RenameRequestDto): Promise<MeResponseDto> {
    await this.settings.rename(principal.userId, body.name);
    return this.me(principal);
  }

  @Get('portals')
  @ApiOperation({
    summary: 'The portals you belong to',
    description: 'Every portal (firm, client record) this login may enter with POST /auth/portal, whatever token it calls with.',
  })
  @ApiOkResponse({ type: PortalListDto })
  async portals(@CurrentUser() principal: Principal): Promise<PortalListDto> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new NotFoundException('Account not found');
    const names = new Map((await this.firms.findByIds([...new Set(user.portals.map((portal) => portal.firmId))])).map((firm) => [firm.id, firm.name]));
    const items = user.portals.flatMap(({ firmId, clientId, contactId }) => {
      const firmName = names.get(firmId);
      return firmName === undefined ? [] : [{ firmId, firmName, clientId, contactId }];
    });
    return { items };
  }
}
