import { Body, Controller, NotFoundException, Param, Patch, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { ClientErrorsHttpFilter } from '../client-errors.http-filter';
import { ClientResponseDto } from '../client.response.dto';
import { UpdateClientRequestDto } from './update-client.request.dto';
import { UpdateClientService } from './update-client.service';

@ApiTags('clients')
@Roles('staff')
@UseFilters(ClientErrorsHttpFilter)
@Controller('clients')
export class UpdateClientHttpController {
  constructor(private readonly updateClient: UpdateClientService) {}

  @Patch(':id')
  @ApiOkResponse({ type: ClientResponseDto, description: 'The client after the change; a change emits ClientUpdated.' })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  @ApiConflictResponse({ description: 'The client kept changing concurrently; try again.' })
  async update(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('id') id: string,
    @Body() body: UpdateClientRequestDto,
  ): Promise<ClientResponseDto> {
    const client = await this.updateClient.execute(
      firmScope(principal),
      id,
      { kind: body.kind, displayName: body.displayName, emails: body.emails },
      correlationId,
    );
    if (!client) throw new NotFoundException('Client not found');
    return ClientResponseDto.from(client);
  }
}
