import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CLIENT_KINDS, ClientKind } from '../domain/client';
import { IsPorticoEmail, Omittable, Trim } from '../request-validation';

/** Fields left out stay as they are; `emails` replaces the whole list. Contacts have their own endpoints. */
export class UpdateClientRequestDto {
  @ApiProperty({ enum: CLIENT_KINDS, required: false })
  @Omittable()
  @IsIn(CLIENT_KINDS)
  kind?: ClientKind;

  @ApiProperty({ required: false, example: 'Jane Smith' })
  @Omittable()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiProperty({ type: [String], required: false, example: ['jane@example.com'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsPorticoEmail({ each: true })
  emails?: string[];
}
