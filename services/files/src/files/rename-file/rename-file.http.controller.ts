import { Body, Controller, Param, Patch, UseFilters } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { portalActor } from '../actors';
import { FileErrorsHttpFilter, OWN_UPLOADS_ONLY } from '../file-errors.http-filter';
import { FileResponseDto } from '../file.response.dto';
import { RenameFileRequestDto } from './rename-file.request.dto';
import { RenameFileService } from './rename-file.service';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class RenameFileHttpController {
  constructor(private readonly renameFile: RenameFileService) {}

  @Patch('portal/files/:fileId')
  @ApiOkResponse({ type: FileResponseDto })
  @ApiForbiddenResponse({ description: OWN_UPLOADS_ONLY })
  @ApiNotFoundResponse({ description: 'No such file shared with your portal.' })
  async rename(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('fileId') fileId: string,
    @Body() body: RenameFileRequestDto,
  ): Promise<FileResponseDto> {
    return FileResponseDto.from(await this.renameFile.execute(portalActor(principal), fileId, body.name, correlationId));
  }
}
