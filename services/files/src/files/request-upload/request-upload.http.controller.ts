import { Body, Controller, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { portalActor, staffActor } from '../actors';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { PortalUploadRequestDto, StaffUploadRequestDto } from './request-upload.request.dto';
import { RequestUploadService } from './request-upload.service';
import { UploadResponseDto } from './upload.response.dto';

const TOO_LARGE = 'Validation failed (`errors` names the field and rule), or `sizeBytes` above the limit (`code: file_too_large`).';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class RequestUploadHttpController {
  constructor(private readonly requestUpload: RequestUploadService) {}

  @Post('clients/:clientId/uploads')
  @ApiCreatedResponse({ type: UploadResponseDto, description: 'PUT the bytes to the URL(s), then POST /uploads/{fileId}/complete.' })
  @ApiBadRequestResponse({ description: TOO_LARGE })
  @ApiForbiddenResponse({ description: 'Not a staff token.' })
  @ApiNotFoundResponse({ description: 'No such client in your firm.' })
  async staff(@CurrentUser() principal: Principal, @Param('clientId') clientId: string, @Body() body: StaffUploadRequestDto): Promise<UploadResponseDto> {
    const { name, sizeBytes, contentType, shareWithClient } = body;
    const ticket = await this.requestUpload.execute(staffActor(principal), {
      clientId,
      name,
      sizeBytes,
      contentType,
      sharedWithClient: shareWithClient ?? false,
      todoId: null,
    });
    return UploadResponseDto.from(ticket);
  }

  @Post('portal/uploads')
  @ApiCreatedResponse({ type: UploadResponseDto, description: 'PUT the bytes to the URL(s), then POST /portal/uploads/{fileId}/complete.' })
  @ApiBadRequestResponse({ description: TOO_LARGE })
  @ApiForbiddenResponse({ description: 'Not a client token scoped to a portal.' })
  @ApiUnprocessableEntityResponse({ description: '`todoId` is not one of your to-dos that asks for a file (`code: todo_not_file_request`).' })
  async portal(@CurrentUser() principal: Principal, @Body() body: PortalUploadRequestDto): Promise<UploadResponseDto> {
    const actor = portalActor(principal);
    const { name, sizeBytes, contentType, todoId } = body;
    // A client's upload is theirs to see: it is shared with their portal.
    const ticket = await this.requestUpload.execute(actor, {
      clientId: actor.clientId,
      name,
      sizeBytes,
      contentType,
      sharedWithClient: true,
      todoId: todoId ?? null,
    });
    return UploadResponseDto.from(ticket);
  }
}
