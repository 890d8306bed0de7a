import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ShareFileRequestDto {
  @ApiProperty({ description: "true: shown in the client's portal; false: withdrawn from it." })
  @IsBoolean()
  shared!: boolean;
}
