import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLIENT_KINDS, ClientKind } from '../domain/client';

export class CreateClientRequestDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS)
  kind!: ClientKind;

  @ApiProperty({ example: 'Jane Doe' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ type: [String], required: false, example: ['jane@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  emails?: string[];
}
