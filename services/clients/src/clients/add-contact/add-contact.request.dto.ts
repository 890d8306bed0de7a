import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTACT_NAME_MAX, RELATIONSHIP_MAX } from '../domain/contact';
import { IsPorticoEmail, Omittable, Trim } from '../request-validation';

/** A linked contact, as added on its own or with a new client. */
export class AddContactRequestDto {
  @ApiProperty({ example: 'John Doe', maxLength: CONTACT_NAME_MAX })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CONTACT_NAME_MAX)
  name!: string;

  @ApiProperty({ example: 'spouse', maxLength: RELATIONSHIP_MAX, description: 'Free text: spouse, partner, family member, employee...' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(RELATIONSHIP_MAX)
  relationship!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: 'john@example.com',
    description: 'Optional; without one the contact cannot be invited.',
  })
  @IsOptional()
  @IsPorticoEmail()
  email?: string | null;

  @ApiProperty({ required: false, default: true })
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ required: false, default: false })
  @Omittable()
  @IsBoolean()
  billable?: boolean;
}
