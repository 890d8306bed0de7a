import { ApiProperty } from '@nestjs/swagger';
import { Client, CLIENT_KINDS, ClientKind } from './domain/client';

export class ClientResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  firmId!: string;

  @ApiProperty({ enum: CLIENT_KINDS })
  kind!: ClientKind;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ type: [String] })
  emails!: string[];

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  static from({ props }: Client): ClientResponseDto {
    return {
      id: props.id,
      firmId: props.firmId,
      kind: props.kind,
      displayName: props.displayName,
      emails: [...props.emails],
      createdAt: props.createdAt.toISOString(),
      updatedAt: props.updatedAt.toISOString(),
    };
  }
}

export class ClientPageResponseDto {
  @ApiProperty({ type: [ClientResponseDto] })
  items!: ClientResponseDto[];

  @ApiProperty({ required: false, description: 'Pass as `after` for the next page; absent on the last page.' })
  nextCursor?: string;
}
