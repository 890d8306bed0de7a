import { ApiProperty } from '@nestjs/swagger';

export class SignUpFirmResponseDto {
  @ApiProperty()
  firmId!: string;

  @ApiProperty()
  userId!: string;
}
