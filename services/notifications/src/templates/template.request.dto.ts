import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { TEMPLATE_VARIABLES } from './domain/template-variables';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const variablesDoc = `Handlebars. Variables: ${Object.entries(TEMPLATE_VARIABLES)
  .map(([name, description]) => `{{${name}}} ${description}`)
  .join(' ')} Blocks: {{#if variable}}...{{else}}...{{/if}} and {{#unless variable}}. Nothing else (no helpers, partials or nested paths).`;

// Sizes keep a whole request under the JSON body limit (100 kB); Gmail clips HTML above ~100 kB anyway.
export class TemplateSourceDto {
  @ApiProperty({ maxLength: 300, example: '{{firmName}} invites you to our portal', description: `${variablesDoc} Not HTML-escaped; rendered on one line.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject!: string;

  @ApiProperty({ maxLength: 60_000, description: `${variablesDoc} Every variable is HTML-escaped; {{{triple braces}}} are refused.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60_000)
  html!: string;

  @ApiProperty({ maxLength: 20_000, description: `${variablesDoc} The plain-text part; not escaped.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  text!: string;
}

export class TemplateRequestDto extends TemplateSourceDto {
  @ApiProperty({ maxLength: 100, example: 'Year-end invitation' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

/** Values to preview with instead of the built-in sample (the link is always a sample one). */
export class PreviewSampleDto {
  @ApiProperty({ required: false, maxLength: 200, example: 'Harbor & Finch Accounting' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  firmName?: string;

  @ApiProperty({ required: false, maxLength: 200, example: 'Alex Morgan' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recipientName?: string;

  @ApiProperty({ required: false, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  message?: string;

  @ApiProperty({ required: false, minimum: 1, maximum: 5, example: 1, description: 'Preview the n-th automatic reminder instead of the invitation itself.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  reminder?: number;
}

export class PreviewSavedTemplateRequestDto {
  @ApiProperty({ required: false, type: PreviewSampleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreviewSampleDto)
  sample?: PreviewSampleDto;
}

export class PreviewUnsavedTemplateRequestDto extends TemplateSourceDto {
  @ApiProperty({ required: false, type: PreviewSampleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreviewSampleDto)
  sample?: PreviewSampleDto;
}
