import { ApiProperty } from '@nestjs/swagger';
import type { RenderedEmail } from './domain/email-template';
import type { FirmTemplate } from './domain/firm-template';

export class TemplateResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  firmId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  subject!: string;

  @ApiProperty()
  html!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  static from({ props }: FirmTemplate): TemplateResponseDto {
    return {
      id: props.id,
      firmId: props.firmId,
      name: props.name,
      ...props.source,
      createdAt: props.createdAt.toISOString(),
      updatedAt: props.updatedAt.toISOString(),
    };
  }
}

export class TemplateListResponseDto {
  @ApiProperty({ type: [TemplateResponseDto] })
  items!: TemplateResponseDto[];
}

export class RenderedEmailResponseDto implements RenderedEmail {
  @ApiProperty()
  subject!: string;

  @ApiProperty()
  html!: string;

  @ApiProperty()
  text!: string;
}
