import { ApiProperty } from '@nestjs/swagger';
import type { DownloadLink } from './download-file.service';

export class DownloadResponseDto {
  @ApiProperty({ description: 'Presigned GET; the answer is an attachment carrying the file name.' })
  url!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  static from(link: DownloadLink): DownloadResponseDto {
    return { url: link.url, expiresAt: link.expiresAt.toISOString() };
  }
}
