import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@portico/auth';
import { FirmRepository, UserRepository } from '../domain/account.repositories';

class MeFirmDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;
}

export class MeResponseDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ enum: ['staff', 'client'] })
  role!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: MeFirmDto })
  firm!: MeFirmDto;
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
    const firm = user && (await this.firms.findById(user.firmId));
    // A valid token for an account deleted since it was issued.
    if (!user || !firm) throw new NotFoundException('Account not found');
    return { userId: user.id, role: user.role, email: user.email, name: user.name, firm: { id: firm.id, name: firm.name } };
  }
}
