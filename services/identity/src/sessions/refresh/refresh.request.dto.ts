import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshRequestDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  refreshToken!: string;
}
