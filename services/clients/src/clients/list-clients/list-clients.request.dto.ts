import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PORTAL_STATUSES, PortalStatus } from '../domain/portal-access';

const SEARCH_MAX = 100;

export class ListClientsRequestDto {
  @ApiProperty({ required: false, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiProperty({ required: false, description: '`nextCursor` of the previous page (same filters).' })
  @IsOptional()
  @IsString()
  after?: string;

  @ApiProperty({ required: false, enum: PORTAL_STATUSES, description: "The client's own portal status." })
  @IsOptional()
  @IsIn(PORTAL_STATUSES)
  portalStatus?: PortalStatus;

  @ApiProperty({ required: false, type: Boolean, description: 'true: clients with an email on file; false: clients without one.' })
  @IsOptional()
  // Query values are text; anything but the two literals stays as it is and fails isBoolean.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  hasEmail?: boolean;

  @ApiProperty({
    required: false,
    maxLength: SEARCH_MAX,
    description: 'Case-insensitive substring of the display name or an email, taken literally. Blank: no filter.',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsOptional()
  @IsString()
  @MaxLength(SEARCH_MAX)
  q?: string;
}
