import { Body, Controller, NotFoundException, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { ClientErrorsHttpFilter } from '../client-errors.http-filter';
import { ContactResponseDto } from '../client.response.dto';
import { AddContactRequestDto } from './add-contact.request.dto';
import { AddContactService } from './add-contact.service';

@ApiTags('clients')
@Roles('staff')
@UseFilters(ClientErrorsHttpFilter)
@Controller('clients')
export class AddContactHttpController {
  constructor(private readonly addContact: AddContactService) {}

  @Post(':id/contacts')
  @ApiCreatedResponse({ type: ContactResponseDto, description: 'The new contact; the client emits ClientUpdated with it.' })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  @ApiUnprocessableEntityResponse({ description: 'The client already has the most linked contacts allowed (50).' })
  async add(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('id') id: string,
    @Body() body: AddContactRequestDto,
  ): Promise<ContactResponseDto> {
    const contact = await this.addContact.execute(firmScope(principal), id, body, correlationId);
    if (!contact) throw new NotFoundException('Client not found');
    return ContactResponseDto.from(contact);
  }
}
