import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignUpFirmRequestDto {
  @ApiProperty({ example: 'Doe & Partners' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  firmName!: string;

  @ApiProperty({ example: 'Ann Doe' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ownerName!: string;

  @ApiProperty({ example: 'ann@doe-partners.example' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 1024 })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;
}
