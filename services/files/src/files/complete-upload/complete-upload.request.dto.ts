import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { S3_MAX_PARTS } from '../domain/upload-plan';

export class UploadedPartDto {
  @ApiProperty({ minimum: 1, maximum: S3_MAX_PARTS })
  @IsInt()
  @Min(1)
  @Max(S3_MAX_PARTS)
  partNumber!: number;

  @ApiProperty({ description: "The ETag header storage answered the part's PUT with." })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  etag!: string;
}

export class CompleteUploadRequestDto {
  @ApiProperty({ required: false, type: [UploadedPartDto], description: 'Multipart uploads only: every part uploaded.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(S3_MAX_PARTS)
  @ValidateNested({ each: true })
  @Type(() => UploadedPartDto)
  parts?: UploadedPartDto[];
}
