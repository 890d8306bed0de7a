import { Body, Controller, Param, Put, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { staffActor } from '../actors';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { FileResponseDto } from '../file.response.dto';
import { ShareFileRequestDto } from './share-file.request.dto';
import { ShareFileService } from './share-file.service';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class ShareFileHttpController {
  constructor(private readonly shareFile: ShareFileService) {}

  @Put('files/:fileId/sharing')
  @ApiOkResponse({ type: FileResponseDto, description: 'FileShared is published when the sharing changed.' })
  @ApiNotFoundResponse({ description: 'No such file in your firm.' })
  @ApiConflictResponse({ description: 'The upload is not completed yet (`code: upload_pending`).' })
  async share(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('fileId') fileId: string,
    @Body() body: ShareFileRequestDto,
  ): Promise<FileResponseDto> {
    return FileResponseDto.from(await this.shareFile.execute(staffActor(principal), fileId, body.shared, correlationId));
  }
}
