import { ApiProperty } from '@nestjs/swagger';

export class ChangePasswordResponseDto {
  @ApiProperty({
    description:
      'Every other session of the login is ended. True when the calling session was recognised and kept (its refresh token keeps working); false when every session was ended, this one included (log in again).',
  })
  currentSessionKept!: boolean;
}
