import { Body, Controller, NotFoundException, Param, Patch, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { ClientErrorsHttpFilter } from '../client-errors.http-filter';
import { ContactResponseDto } from '../client.response.dto';
import { UpdateContactRequestDto } from './update-contact.request.dto';
import { UpdateContactService } from './update-contact.service';

@ApiTags('clients')
@Roles('staff')
@UseFilters(ClientErrorsHttpFilter)
@Controller('clients')
export class UpdateContactHttpController {
  constructor(private readonly updateContact: UpdateContactService) {}

  @Patch(':id/contacts/:contactId')
  @ApiOkResponse({ type: ContactResponseDto, description: 'The contact after the change; a change emits ClientUpdated.' })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule.' })
  @ApiNotFoundResponse({ description: 'No such client in your firm, or no such contact of it.' })
  @ApiConflictResponse({ description: 'The client kept changing concurrently; try again.' })
  async update(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() body: UpdateContactRequestDto,
  ): Promise<ContactResponseDto> {
    const { name, relationship, email, active, billable } = body;
    const contact = await this.updateContact.execute(firmScope(principal), id, contactId, { name, relationship, email, active, billable }, correlationId);
    if (!contact) throw new NotFoundException('Client not found');
    return ContactResponseDto.from(contact);
  }
}
