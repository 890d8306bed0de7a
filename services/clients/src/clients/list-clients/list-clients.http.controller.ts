import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { ClientPageResponseDto, ClientResponseDto } from '../client.response.dto';
import { ListClientsRequestDto } from './list-clients.request.dto';
import { ListClientsService } from './list-clients.service';

@ApiTags('clients')
@Roles('staff')
@Controller('clients')
export class ListClientsHttpController {
  constructor(private readonly listClients: ListClientsService) {}

  @Get()
  @ApiOkResponse({ type: ClientPageResponseDto, description: "The firm's clients in creation order; the filters combine." })
  @ApiBadRequestResponse({ description: 'A bad filter value: `errors` names the field and rule.' })
  async list(@CurrentUser() principal: Principal, @Query() query: ListClientsRequestDto): Promise<ClientPageResponseDto> {
    const { limit, after, portalStatus, hasEmail, q } = query;
    const page = await this.listClients.execute(firmScope(principal), { limit, after, portalStatus, hasEmail, search: q });
    return { items: page.items.map(ClientResponseDto.from), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
