import { Body, Controller, Get, Put, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { FirmSettingsResponseDto } from './firm-settings.response.dto';
import { FirmSettingsService } from './firm-settings.service';
import { UpdateFirmSettingsRequestDto } from './update-firm-settings.request.dto';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('settings')
export class FirmSettingsHttpController {
  constructor(private readonly settings: FirmSettingsService) {}

  @Get()
  @ApiOkResponse({ type: FirmSettingsResponseDto })
  get(@CurrentUser() principal: Principal): Promise<FirmSettingsResponseDto> {
    return this.settings.get(firmScope(principal));
  }

  @Put()
  @ApiOkResponse({ type: FirmSettingsResponseDto, description: 'The settings after the change; fields left out stay as they are.' })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiConflictResponse({ description: 'A different currency while the firm has invoices.' })
  update(@CurrentUser() principal: Principal, @Body() body: UpdateFirmSettingsRequestDto): Promise<FirmSettingsResponseDto> {
    return this.settings.update(firmScope(principal), body);
  }
}
