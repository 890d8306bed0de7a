import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { ClientResponseDto } from '../client.response.dto';
import { GetClientService } from './get-client.service';

@ApiTags('clients')
@Roles('staff')
@Controller('clients')
export class GetClientHttpController {
  constructor(private readonly getClient: GetClientService) {}

  @Get(':id')
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  async get(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<ClientResponseDto> {
    const client = await this.getClient.execute(firmScope(principal), id);
    if (!client) throw new NotFoundException('Client not found');
    return ClientResponseDto.from(client);
  }
}
