import { Body, Controller, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { InvalidTemplateFilter } from '../invalid-template.filter';
import { TemplateRequestDto } from '../template.request.dto';
import { TemplateResponseDto } from '../template.response.dto';
import { CreateTemplateService } from './create-template.service';

@ApiTags('templates')
@Roles('staff')
@Controller('templates')
@UseFilters(InvalidTemplateFilter)
export class CreateTemplateHttpController {
  constructor(private readonly createTemplate: CreateTemplateService) {}

  @Post()
  @ApiCreatedResponse({ type: TemplateResponseDto })
  @ApiBadRequestResponse({ description: 'A field is missing or too long, or a template does not compile (`errors[].field` names it).' })
  async create(@CurrentUser() principal: Principal, @Body() body: TemplateRequestDto): Promise<TemplateResponseDto> {
    const { name, subject, html, text } = body;
    return TemplateResponseDto.from(await this.createTemplate.execute(firmScope(principal), { name, source: { subject, html, text } }));
  }
}
