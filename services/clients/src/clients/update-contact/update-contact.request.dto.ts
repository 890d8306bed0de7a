import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTACT_NAME_MAX, RELATIONSHIP_MAX } from '../domain/contact';
import { IsPorticoEmail, Omittable, Trim } from '../request-validation';

/** Fields left out stay as they are; `email: null` removes the email. */
export class UpdateContactRequestDto {
  @ApiProperty({ required: false, maxLength: CONTACT_NAME_MAX })
  @Omittable()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CONTACT_NAME_MAX)
  name?: string;

  @ApiProperty({ required: false, maxLength: RELATIONSHIP_MAX })
  @Omittable()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(RELATIONSHIP_MAX)
  relationship?: string;

  @ApiProperty({ type: String, nullable: true, required: false, description: 'null removes the email.' })
  @IsOptional()
  @IsPorticoEmail()
  email?: string | null;

  @ApiProperty({ required: false })
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ required: false })
  @Omittable()
  @IsBoolean()
  billable?: boolean;
}
