import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { InvitationListResponseDto, InvitationResponseDto } from '../invitation.response.dto';
import { ListInvitationsService } from './list-invitations.service';

@ApiTags('invitations')
@Roles('staff')
@Controller('clients/:clientId/invitations')
export class ListInvitationsHttpController {
  constructor(private readonly listInvitations: ListInvitationsService) {}

  @Get()
  @ApiOkResponse({ type: InvitationListResponseDto, description: "The client's invitations (client, contacts, extra addresses) with their status." })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  async list(@CurrentUser() principal: Principal, @Param('clientId') clientId: string): Promise<InvitationListResponseDto> {
    const invitations = await this.listInvitations.execute(firmScope(principal), clientId);
    if (!invitations) throw new NotFoundException('Client not found');
    const now = new Date();
    return { items: invitations.map((invitation) => InvitationResponseDto.from(invitation, now)) };
  }
}
