import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { ClientResponseDto } from '../client.response.dto';
import { CreateClientRequestDto } from './create-client.request.dto';
import { CreateClientService } from './create-client.service';

@ApiTags('clients')
@Roles('staff')
@Controller('clients')
export class CreateClientHttpController {
  constructor(private readonly createClient: CreateClientService) {}

  @Post()
  @ApiCreatedResponse({ type: ClientResponseDto })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  async create(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Body() body: CreateClientRequestDto): Promise<ClientResponseDto> {
    const client = await this.createClient.execute(
      {
        firmId: firmScope(principal),
        kind: body.kind,
        displayName: body.displayName,
        emails: body.emails ?? [],
        contacts: body.contacts ?? [],
      },
      correlationId,
    );
    return ClientResponseDto.from(client);
  }
}
