import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AddContactRequestDto } from '../add-contact/add-contact.request.dto';
import { CLIENT_KINDS, ClientKind } from '../domain/client';
import { CONTACTS_PER_CLIENT_MAX } from '../domain/contact';
import { IsPorticoEmail, Trim } from '../request-validation';

export class CreateClientRequestDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS)
  kind!: ClientKind;

  @ApiProperty({ example: 'Jane Doe' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ type: [String], required: false, example: ['jane@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsPorticoEmail({ each: true })
  emails?: string[];

  @ApiProperty({ type: [AddContactRequestDto], required: false, maxItems: CONTACTS_PER_CLIENT_MAX })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CONTACTS_PER_CLIENT_MAX)
  @ValidateNested({ each: true })
  @Type(() => AddContactRequestDto)
  contacts?: AddContactRequestDto[];
}
