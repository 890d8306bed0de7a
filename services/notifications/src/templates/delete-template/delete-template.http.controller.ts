import { Controller, Delete, HttpCode, HttpStatus, NotFoundException, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { DeleteTemplateService } from './delete-template.service';

@ApiTags('templates')
@Roles('staff')
@Controller('templates')
export class DeleteTemplateHttpController {
  constructor(private readonly deleteTemplate: DeleteTemplateService) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such template in your firm.' })
  async delete(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!(await this.deleteTemplate.execute(firmScope(principal), id))) throw new NotFoundException('Template not found');
  }
}
