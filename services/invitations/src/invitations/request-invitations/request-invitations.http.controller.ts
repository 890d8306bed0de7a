import { Body, Controller, HttpCode, NotFoundException, Param, Post, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId, fieldErrors } from '@portico/platform';
import { RequestInvitationsResponseDto } from './request-invitations.response.dto';
import { recipientFieldErrors, RequestInvitationsRequestDto } from './request-invitations.request.dto';
import { RequestInvitationsService } from './request-invitations.service';

@ApiTags('invitations')
@Roles('staff')
@Controller('clients/:clientId/invitations')
export class RequestInvitationsHttpController {
  constructor(private readonly requestInvitations: RequestInvitationsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RequestInvitationsResponseDto,
    description:
      'Each invitation is requested; its link is issued and emailed asynchronously. An address with an open invitation to the firm gets that one back.',
  })
  @ApiBadRequestResponse({
    description:
      'A malformed field, e.g. `extraEmails.1` with rule isEmail, no recipient at all (`recipients`, atLeastOneRecipient), or `sendAt` not a future date-time within 90 days.',
  })
  @ApiNotFoundResponse({
    description: "No such client in your firm (another firm's client looks the same), or a contact that is not linked to it (`contactIds.<i>`).",
  })
  @ApiUnprocessableEntityResponse({
    description:
      'A recipient that cannot be invited: a contact without an email (`contactIds.<i>`, contactHasEmail) or an address not on file (`clientEmails.<i>`, emailOnFile).',
  })
  @ApiServiceUnavailableResponse({ description: 'The firm has not reached this service yet (moments after sign-up): retry.' })
  async request(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Body() body: RequestInvitationsRequestDto,
  ): Promise<RequestInvitationsResponseDto> {
    const errors = recipientFieldErrors(body);
    if (errors.length > 0) throw fieldErrors(errors);

    const firmId = firmScope(principal);
    const outcome = await this.requestInvitations.execute(
      {
        firmId,
        clientId,
        clientEmails: body.clientEmails,
        contactIds: body.contactIds,
        extraEmails: body.extraEmails,
        // A blank message is no message.
        message: body.message?.trim() ? body.message : null,
        templateId: body.templateId ?? null,
        requestedBy: principal.userId,
        sendAt: body.sendAt ? new Date(body.sendAt) : null,
      },
      { firmId, correlationId },
    );
    switch (outcome.kind) {
      case 'clientNotFound':
        throw new NotFoundException('Client not found');
      case 'contactNotFound':
        throw new NotFoundException({
          statusCode: 404,
          error: 'Not Found',
          message: outcome.errors.map((error) => error.message).join('; '),
          errors: outcome.errors,
        });
      case 'notInvitable':
        throw new UnprocessableEntityException({
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: 'Some recipients cannot be invited',
          errors: outcome.errors,
        });
      case 'firmNotKnownYet':
        throw new ServiceUnavailableException('Your firm is not known to the invitations service yet; try again in a moment');
      case 'requested':
        return { invitations: outcome.invitations };
    }
  }
}
