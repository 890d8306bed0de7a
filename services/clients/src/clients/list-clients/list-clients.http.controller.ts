import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: ClientPageResponseDto })
  async list(@CurrentUser() principal: Principal, @Query() query: ListClientsRequestDto): Promise<ClientPageResponseDto> {
    const page = await this.listClients.execute(firmScope(principal), query);
    return { items: page.items.map(ClientResponseDto.from), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
