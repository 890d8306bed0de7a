import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { portalActor, staffActor } from '../actors';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { FileListResponseDto } from '../file.response.dto';
import { DEFAULT_LIST_LIMIT, ListFilesRequestDto } from '../request-fields';
import { ListFilesService } from './list-files.service';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class ListFilesHttpController {
  constructor(private readonly listFiles: ListFilesService) {}

  @Get('clients/:clientId/files')
  @ApiOkResponse({ type: FileListResponseDto, description: "The client's uploaded files, shared or not, newest first (pending uploads are not listed)." })
  @ApiNotFoundResponse({ description: 'No such client in your firm.' })
  async staff(@CurrentUser() principal: Principal, @Param('clientId') clientId: string, @Query() query: ListFilesRequestDto): Promise<FileListResponseDto> {
    return FileListResponseDto.from(await this.listFiles.forStaff(staffActor(principal), clientId, query.limit ?? DEFAULT_LIST_LIMIT));
  }

  @Get('portal/files')
  @ApiOkResponse({
    type: FileListResponseDto,
    description: 'Files shared with your portal (your uploads included), newest first. Linked contacts see the same list.',
  })
  @ApiForbiddenResponse({ description: 'Not a client token scoped to a portal.' })
  async portal(@CurrentUser() principal: Principal, @Query() query: ListFilesRequestDto): Promise<FileListResponseDto> {
    return FileListResponseDto.from(await this.listFiles.forPortal(portalActor(principal), query.limit ?? DEFAULT_LIST_LIMIT));
  }
}
