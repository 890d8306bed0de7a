import { Body, Controller, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { FirmDirectory } from '../firm-directory';
import { FirmSettingsResponseDto } from '../firm-settings.response.dto';
import { UpdateFirmSettingsRequestDto } from './update-firm-settings.request.dto';

@ApiTags('invitations')
@Roles('staff')
@Controller('settings')
export class UpdateFirmSettingsHttpController {
  constructor(private readonly firms: FirmDirectory) {}

  @Patch()
  @ApiOkResponse({ type: FirmSettingsResponseDto, description: 'The settings after the change.' })
  @ApiBadRequestResponse({ description: 'A field is out of range (named with its rule).' })
  async update(@CurrentUser() principal: Principal, @Body() body: UpdateFirmSettingsRequestDto): Promise<FirmSettingsResponseDto> {
    const { expiryDays, resendsPerDay, reminderDays } = body;
    const changes = Object.fromEntries(Object.entries({ expiryDays, resendsPerDay, reminderDays }).filter(([, value]) => value !== undefined));
    return this.firms.updateSettings(firmScope(principal), changes);
  }
}
