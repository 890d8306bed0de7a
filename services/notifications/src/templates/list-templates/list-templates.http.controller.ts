import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { TemplateListResponseDto, TemplateResponseDto } from '../template.response.dto';
import { ListTemplatesService } from './list-templates.service';

@ApiTags('templates')
@Roles('staff')
@Controller('templates')
export class ListTemplatesHttpController {
  constructor(private readonly listTemplates: ListTemplatesService) {}

  @Get()
  @ApiOkResponse({ type: TemplateListResponseDto, description: "The firm's templates, oldest first." })
  async list(@CurrentUser() principal: Principal): Promise<TemplateListResponseDto> {
    const templates = await this.listTemplates.execute(firmScope(principal));
    return { items: templates.map(TemplateResponseDto.from) };
  }
}
