import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SelfServeReissueRequestDto {
  @ApiProperty({ description: 'The token of the invitation link that was opened (the last part of its URL).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}
