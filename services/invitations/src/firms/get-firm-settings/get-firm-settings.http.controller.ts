import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { FirmDirectory } from '../firm-directory';
import { FirmSettingsResponseDto } from '../firm-settings.response.dto';

@ApiTags('invitations')
@Roles('staff')
@Controller('settings')
export class GetFirmSettingsHttpController {
  constructor(private readonly firms: FirmDirectory) {}

  @Get()
  @ApiOkResponse({ type: FirmSettingsResponseDto, description: "The caller's firm settings (defaults until changed)." })
  async get(@CurrentUser() principal: Principal): Promise<FirmSettingsResponseDto> {
    return (await this.firms.find(firmScope(principal))).settings;
  }
}
