import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@portico/auth';
import { FirmRepository, UserRepository } from '../domain/account.repositories';
import { PortalDto } from '../portal.dto';

class MeFirmDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;
}

export class MeResponseDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ enum: ['staff', 'client'], description: 'The role of the login (a staff member may also hold client portals: see /me/portals).' })
  role!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Staff only.' })
  name!: string | null;

  @ApiProperty({ type: MeFirmDto, nullable: true, description: 'The firm a staff member works for; null for a client login.' })
  firm!: MeFirmDto | null;
}

export class PortalListDto {
  @ApiProperty({ type: [PortalDto] })
  items!: PortalDto[];
}

@ApiTags('me')
@Controller('me')
export class MeHttpController {
  constructor(
    private readonly users: UserRepository,
    private readonly firms: FirmRepository,
  ) {}

  @Get()
  @ApiOkResponse({ type: MeResponseDto })
  async me(@CurrentUser() principal: Principal): Promise<MeResponseDto> {
    const user = await this.users.findById(principal.userId);
    // A valid token for an account deleted since it was issued.
    if (!user) throw new NotFoundException('Account not found');
    if (user.role === 'client') return { userId: user.id, role: user.role, email: user.email, name: null, firm: null };
    const firm = await this.firms.findById(user.firmId);
    if (!firm) throw new NotFoundException('Account not found');
    return { userId: user.id, role: user.role, email: user.email, name: user.name, firm: { id: firm.id, name: firm.name } };
  }

  /** The portals this login may enter (`POST /auth/portal`), whatever token it calls with. */
  @Get('portals')
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
