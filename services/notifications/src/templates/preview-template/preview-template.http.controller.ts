import { Body, Controller, HttpCode, HttpStatus, NotFoundException, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { InvalidTemplateFilter } from '../invalid-template.filter';
import { PreviewSavedTemplateRequestDto, PreviewUnsavedTemplateRequestDto } from '../template.request.dto';
import { RenderedEmailResponseDto } from '../template.response.dto';
import { PreviewTemplateService } from './preview-template.service';

/** Renders with sample data (firm, recipient, message, a sample link); nothing is sent or saved. */
@ApiTags('templates')
@Roles('staff')
@Controller('templates')
@UseFilters(InvalidTemplateFilter)
export class PreviewTemplateHttpController {
  constructor(private readonly preview: PreviewTemplateService) {}

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RenderedEmailResponseDto, description: 'The template in the body, rendered.' })
  @ApiBadRequestResponse({ description: 'A template does not compile (`errors[].field` names it).' })
  unsaved(@CurrentUser() principal: Principal, @Body() body: PreviewUnsavedTemplateRequestDto): RenderedEmailResponseDto {
    firmScope(principal); // staff of a firm only, like every other template route
    const { subject, html, text, sample } = body;
    return this.preview.unsaved({ subject, html, text }, sample);
  }

  @Post(':id/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RenderedEmailResponseDto, description: 'The saved template, rendered.' })
  @ApiNotFoundResponse({ description: 'No such template in your firm.' })
  async saved(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() body: PreviewSavedTemplateRequestDto): Promise<RenderedEmailResponseDto> {
    const rendered = await this.preview.saved(firmScope(principal), id, body.sample);
    if (!rendered) throw new NotFoundException('Template not found');
    return rendered;
  }
}
