import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { staffActor } from '../actors';
import { FileAccess } from '../file-access';
import { FileErrorsHttpFilter } from '../file-errors.http-filter';
import { FileResponseDto } from '../file.response.dto';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class GetFileHttpController {
  constructor(private readonly access: FileAccess) {}

  @Get('files/:fileId')
  @ApiOkResponse({ type: FileResponseDto, description: 'A file of your firm, pending uploads included.' })
  @ApiNotFoundResponse({ description: "No such file in your firm (another firm's looks the same)." })
  async get(@CurrentUser() principal: Principal, @Param('fileId') fileId: string): Promise<FileResponseDto> {
    return FileResponseDto.from(await this.access.find(staffActor(principal), fileId));
  }
}
