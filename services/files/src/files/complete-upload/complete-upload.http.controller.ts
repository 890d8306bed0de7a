import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { portalActor, staffActor } from '../actors';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { FileResponseDto } from '../file.response.dto';
import { CompleteUploadRequestDto } from './complete-upload.request.dto';
import { CompleteUploadService } from './complete-upload.service';

const NOT_FOUND = 'No pending or completed upload of yours with this id.';
const UNVERIFIED =
  'The object is not in storage as announced: `code` is object_missing, size_mismatch (the object was discarded), parts_required or parts_invalid (multipart).';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class CompleteUploadHttpController {
  constructor(private readonly completeUpload: CompleteUploadService) {}

  @Post('uploads/:fileId/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: FileResponseDto, description: 'Verified and available (the same answer when completed before).' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ description: UNVERIFIED })
  async staff(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('fileId') fileId: string,
    @Body() body: CompleteUploadRequestDto,
  ): Promise<FileResponseDto> {
    return FileResponseDto.from(await this.completeUpload.execute(staffActor(principal), fileId, body.parts, correlationId));
  }

  @Post('portal/uploads/:fileId/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: FileResponseDto, description: 'Verified and available (the same answer when completed before).' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ description: UNVERIFIED })
  async portal(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('fileId') fileId: string,
    @Body() body: CompleteUploadRequestDto,
  ): Promise<FileResponseDto> {
    return FileResponseDto.from(await this.completeUpload.execute(portalActor(principal), fileId, body.parts, correlationId));
  }
}
