import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ContentTypeField, FileNameField } from '../request-fields';

class UploadRequestDto {
  @FileNameField()
  name!: string;

  @ApiProperty({
    minimum: 0,
    example: 20_000_000,
    description: 'Exact size in bytes; checked against the stored object on completion. At most FILES_MAX_BYTES (4.999 GB).',
  })
  @IsInt()
  @Min(0)
  sizeBytes!: number;

  @ContentTypeField()
  contentType!: string;
}

export class StaffUploadRequestDto extends UploadRequestDto {
  @ApiProperty({ required: false, default: false, description: "Show the file in the client's portal once uploaded." })
  @IsOptional()
  @IsBoolean()
  shareWithClient?: boolean;
}

export class PortalUploadRequestDto extends UploadRequestDto {
  @ApiProperty({ required: false, description: 'The file-request to-do this upload answers (one of yours that asks for a file).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  todoId?: string;
}
