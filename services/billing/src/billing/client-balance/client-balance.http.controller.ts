import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { BillingErrorsHttpFilter } from '../billing-errors.http-filter';
import { ClientBalanceResponseDto } from './client-balance.response.dto';
import { ClientBalanceService } from './client-balance.service';

@ApiTags('billing')
@Roles('staff')
@UseFilters(BillingErrorsHttpFilter)
@Controller('clients/:clientId/balance')
export class ClientBalanceHttpController {
  constructor(private readonly balance: ClientBalanceService) {}

  @Get()
  @ApiOkResponse({ type: ClientBalanceResponseDto })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  get(@CurrentUser() principal: Principal, @Param('clientId') clientId: string): Promise<ClientBalanceResponseDto> {
    return this.balance.execute(firmScope(principal), clientId);
  }
}
