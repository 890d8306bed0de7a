import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { portalActor, staffActor } from '../actors';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { DownloadFileService } from './download-file.service';
import { DownloadResponseDto } from './download.response.dto';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class DownloadFileHttpController {
  constructor(private readonly downloadFile: DownloadFileService) {}

  @Get('files/:fileId/download')
  @ApiOkResponse({ type: DownloadResponseDto })
  @ApiNotFoundResponse({ description: 'No such file in your firm.' })
  @ApiConflictResponse({ description: 'The upload is not completed yet (`code: upload_pending`).' })
  async staff(@CurrentUser() principal: Principal, @Param('fileId') fileId: string): Promise<DownloadResponseDto> {
    return DownloadResponseDto.from(await this.downloadFile.execute(staffActor(principal), fileId));
  }

  @Get('portal/files/:fileId/download')
  @ApiOkResponse({ type: DownloadResponseDto })
  @ApiNotFoundResponse({ description: 'No such file shared with your portal.' })
  async portal(@CurrentUser() principal: Principal, @Param('fileId') fileId: string): Promise<DownloadResponseDto> {
    return DownloadResponseDto.from(await this.downloadFile.execute(portalActor(principal), fileId));
  }
}
