import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { FILE_NAME_MAX, sanitizeContentType, sanitizeFileName } from './domain/file-name';

const sanitized = (sanitize: (raw: string) => string) => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? sanitize(value) : value));

/** A display name, sanitized before it is validated: refused only when nothing usable is left. */
export const FileNameField = () =>
  applyDecorators(
    ApiProperty({
      maxLength: FILE_NAME_MAX,
      example: '2025 W-2.pdf',
      description: 'Sanitized: control characters, path separators, `..` and leading dots removed, at most 255 characters.',
    }),
    sanitized(sanitizeFileName),
    IsString(),
    IsNotEmpty(),
  );

/** A media type; anything but `type/subtype` becomes application/octet-stream. */
export const ContentTypeField = () =>
  applyDecorators(
    ApiProperty({ example: 'application/pdf', description: '`type/subtype` (parameters dropped); anything else is stored as application/octet-stream.' }),
    sanitized(sanitizeContentType),
    IsString(),
  );

export class ListFilesRequestDto {
  @ApiProperty({ required: false, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export const DEFAULT_LIST_LIMIT = 50;
