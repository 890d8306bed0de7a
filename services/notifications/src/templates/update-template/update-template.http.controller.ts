import { Body, Controller, NotFoundException, Param, Put, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { InvalidTemplateFilter } from '../invalid-template.filter';
import { TemplateRequestDto } from '../template.request.dto';
import { TemplateResponseDto } from '../template.response.dto';
import { UpdateTemplateService } from './update-template.service';

@ApiTags('templates')
@Roles('staff')
@Controller('templates')
@UseFilters(InvalidTemplateFilter)
export class UpdateTemplateHttpController {
  constructor(private readonly updateTemplate: UpdateTemplateService) {}

  @Put(':id')
  @ApiOkResponse({ type: TemplateResponseDto })
  @ApiBadRequestResponse({ description: 'A field is missing or too long, or a template does not compile (`errors[].field` names it).' })
  @ApiNotFoundResponse({ description: 'No such template in your firm.' })
  async update(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() body: TemplateRequestDto): Promise<TemplateResponseDto> {
    const { name, subject, html, text } = body;
    const template = await this.updateTemplate.execute(firmScope(principal), id, { name, source: { subject, html, text } });
    if (!template) throw new NotFoundException('Template not found');
    return TemplateResponseDto.from(template);
  }
}
