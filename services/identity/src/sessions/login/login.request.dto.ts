import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

// Deliberately loose: a login form must not reveal the password policy or email rules.
export class LoginRequestDto {
  @ApiProperty()
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;
}
