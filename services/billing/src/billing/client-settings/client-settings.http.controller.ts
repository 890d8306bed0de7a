import { Body, Controller, Get, Param, Put, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { ClientSettingsResponseDto } from './client-settings.response.dto';
import { ClientSettingsService } from './client-settings.service';
import { UpdateClientSettingsRequestDto } from './update-client-settings.request.dto';

const NOT_FOUND = "No such client in your firm (another firm's client looks the same).";

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('clients/:clientId/settings')
export class ClientSettingsHttpController {
  constructor(private readonly settings: ClientSettingsService) {}

  @Get()
  @ApiOkResponse({ type: ClientSettingsResponseDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@CurrentUser() principal: Principal, @Param('clientId') clientId: string): Promise<ClientSettingsResponseDto> {
    return this.settings.get(firmScope(principal), clientId);
  }

  @Put()
  @ApiOkResponse({
    type: ClientSettingsResponseDto,
    description: 'Set for this client from now on (`source: client`); ClientBillingChanged is published when the value changes.',
  })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  set(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Body() body: UpdateClientSettingsRequestDto,
  ): Promise<ClientSettingsResponseDto> {
    const firmId = firmScope(principal);
    return this.settings.set(firmId, clientId, body.billingInPortal, principal.userId, { firmId, correlationId });
  }
}
