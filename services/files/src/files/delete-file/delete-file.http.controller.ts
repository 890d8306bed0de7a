import { Controller, Delete, HttpCode, Param, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { portalActor, staffActor } from '../actors';
import { FileErrorsHttpFilter, OWN_UPLOADS_ONLY } from '../file-errors.http-filter';
import { DeleteFileService } from './delete-file.service';

@ApiTags('files')
@UseFilters(FileErrorsHttpFilter)
@Controller()
export class DeleteFileHttpController {
  constructor(private readonly deleteFile: DeleteFileService) {}

  @Delete('files/:fileId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (FileDeleted is published); the object is removed from storage.' })
  @ApiNotFoundResponse({ description: 'No such file in your firm.' })
  @ApiConflictResponse({ description: 'The upload is not completed yet (`code: upload_pending`).' })
  async staff(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('fileId') fileId: string): Promise<void> {
    await this.deleteFile.execute(staffActor(principal), fileId, correlationId);
  }

  @Delete('portal/files/:fileId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (FileDeleted is published).' })
  @ApiForbiddenResponse({ description: OWN_UPLOADS_ONLY })
  @ApiNotFoundResponse({ description: 'No such file shared with your portal.' })
  async portal(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('fileId') fileId: string): Promise<void> {
    await this.deleteFile.execute(portalActor(principal), fileId, correlationId);
  }
}
