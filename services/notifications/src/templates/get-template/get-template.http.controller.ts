import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { TemplateResponseDto } from '../template.response.dto';
import { GetTemplateService } from './get-template.service';

@ApiTags('templates')
@Roles('staff')
@Controller('templates')
export class GetTemplateHttpController {
  constructor(private readonly getTemplate: GetTemplateService) {}

  @Get(':id')
  @ApiOkResponse({ type: TemplateResponseDto })
  @ApiNotFoundResponse({ description: "No such template in your firm (another firm's template looks the same)." })
  async get(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<TemplateResponseDto> {
    const template = await this.getTemplate.execute(firmScope(principal), id);
    if (!template) throw new NotFoundException('Template not found');
    return TemplateResponseDto.from(template);
  }
}
