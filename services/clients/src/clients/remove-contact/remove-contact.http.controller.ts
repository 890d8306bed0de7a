import { Controller, Delete, HttpCode, HttpStatus, NotFoundException, Param, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { ClientErrorsHttpFilter } from '../client-errors.http-filter';
import { RemoveContactService } from './remove-contact.service';

@ApiTags('clients')
@Roles('staff')
@UseFilters(ClientErrorsHttpFilter)
@Controller('clients')
export class RemoveContactHttpController {
  constructor(private readonly removeContact: RemoveContactService) {}

  @Delete(':id/contacts/:contactId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'The contact is removed from the client and from the ClientUpdated it emits. To keep a person on record who is no longer current, set `active: false` instead (an inactive contact can still be invited).',
  })
  @ApiNotFoundResponse({ description: 'No such client in your firm, or no such contact of it (also when removed before).' })
  @ApiConflictResponse({ description: 'The client kept changing concurrently; try again.' })
  async remove(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
  ): Promise<void> {
    if (!(await this.removeContact.execute(firmScope(principal), id, contactId, correlationId))) throw new NotFoundException('Client not found');
  }
}
