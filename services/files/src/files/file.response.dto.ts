import { ApiProperty } from '@nestjs/swagger';
import type { FileRecord } from './domain/file-record';

export class UploaderResponseDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ enum: ['staff', 'client'] })
  role!: 'staff' | 'client';

  @ApiProperty({ type: String, nullable: true, description: 'The linked contact who uploaded it from the portal; null for the client themself and staff.' })
  contactId!: string | null;
}

export class FileResponseDto {
  @ApiProperty({ format: 'uuid' })
  fileId!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ description: 'Sanitized display name.' })
  name!: string;

  @ApiProperty()
  sizeBytes!: number;

  @ApiProperty({ example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ enum: ['pending', 'available'], description: '`pending` until the upload is completed and verified.' })
  status!: 'pending' | 'available';

  @ApiProperty({ description: "Shown in the client's portal." })
  sharedWithClient!: boolean;

  @ApiProperty({ type: UploaderResponseDto })
  uploadedBy!: UploaderResponseDto;

  @ApiProperty({ type: String, nullable: true, description: 'The file-request to-do this upload answers.' })
  todoId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  uploadedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the uploading client may rename or delete it; null for staff uploads.',
  })
  editableUntil!: string | null;

  static from({ props }: FileRecord): FileResponseDto {
    return {
      fileId: props.id,
      clientId: props.clientId,
      name: props.name,
      sizeBytes: props.sizeBytes,
      contentType: props.contentType,
      // Deleted files are never answered.
      status: props.status === 'pending' ? 'pending' : 'available',
      sharedWithClient: props.sharedWithClient,
      uploadedBy: { ...props.uploadedBy },
      todoId: props.todoId,
      uploadedAt: props.uploadedAt?.toISOString() ?? null,
      editableUntil: props.editableUntil?.toISOString() ?? null,
    };
  }
}

export class FileListResponseDto {
  @ApiProperty({ type: [FileResponseDto], description: 'Newest first.' })
  items!: FileResponseDto[];

  static from(files: FileRecord[]): FileListResponseDto {
    return { items: files.map(FileResponseDto.from) };
  }
}
