import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateClientSettingsRequestDto {
  @ApiProperty()
  @IsBoolean()
  billingInPortal!: boolean;
}
