import { Controller, ForbiddenException, Get, NotFoundException } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PortalScope, portalScope, Principal } from '@portico/auth';
import { GetPortalClientService } from './get-portal-client.service';
import { PortalClientResponseDto } from './portal-client.response.dto';

const STAFF_REFUSED = 'This route is for clients in a portal: staff read clients through GET /api/clients/clients/{id}';

/**
 * Client tokens only, checked here rather than with @Roles('client'): the roles guard would
 * answer staff with a bare "Insufficient role", and they deserve to be told where to go.
 * A client outside a portal gets portalScope's "Enter a portal first".
 */
function clientPortalScope(principal: Principal): PortalScope {
  if (principal.role !== 'client') throw new ForbiddenException(STAFF_REFUSED);
  return portalScope(principal);
}

@ApiTags('portal')
@Controller('portal')
export class GetPortalClientHttpController {
  constructor(private readonly getPortalClient: GetPortalClientService) {}

  @Get('me')
  @ApiOkResponse({
    type: PortalClientResponseDto,
    description: "The client record the portal token is scoped to (its firmId and clientId): the caller's own, never another's.",
  })
  @ApiForbiddenResponse({
    description: 'A staff token (staff use /clients), or a client token that has not entered a portal (POST /api/identity/auth/portal).',
  })
  @ApiNotFoundResponse({ description: 'The client record is gone, or the acting contact is no longer linked to it.' })
  async me(@CurrentUser() principal: Principal): Promise<PortalClientResponseDto> {
    const found = await this.getPortalClient.execute(clientPortalScope(principal));
    if (!found) throw new NotFoundException('Client not found');
    return PortalClientResponseDto.from(found);
  }
}
