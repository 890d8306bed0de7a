import { ApiProperty } from '@nestjs/swagger';
import type { UploadTicket } from './request-upload.service';

export class PartUrlResponseDto {
  @ApiProperty({ minimum: 1 })
  partNumber!: number;

  @ApiProperty({ description: 'Presigned PUT for this part; keep the ETag header of the answer for completion.' })
  url!: string;
}

export class UploadInstructionsResponseDto {
  @ApiProperty({ enum: ['single', 'multipart'] })
  kind!: 'single' | 'multipart';

  @ApiProperty({ required: false, description: 'single: PUT the whole file here.' })
  url?: string;

  @ApiProperty({ required: false, description: 'multipart: the storage upload id.' })
  uploadId?: string;

  @ApiProperty({ required: false, description: 'multipart: bytes per part (the last part holds the rest).' })
  partSize?: number;

  @ApiProperty({ required: false, type: [PartUrlResponseDto], description: 'multipart: one URL per part.' })
  parts?: PartUrlResponseDto[];
}

export class UploadResponseDto {
  @ApiProperty({ format: 'uuid' })
  fileId!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the upload URLs stop working.' })
  expiresAt!: string;

  @ApiProperty({ type: UploadInstructionsResponseDto })
  upload!: UploadInstructionsResponseDto;

  static from(ticket: UploadTicket): UploadResponseDto {
    return { fileId: ticket.fileId, expiresAt: ticket.expiresAt.toISOString(), upload: ticket.upload };
  }
}
