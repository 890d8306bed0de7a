import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const MAX_LINE_ITEMS = 200;
export const MAX_QUANTITY = 1_000_000;
/** 10 billion major units: with MAX_QUANTITY a line stays far inside BigInt and the total is checked for exactness. */
export const MAX_UNIT_PRICE_MINOR = 1_000_000_000_000;

const trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
const omittable = () => ValidateIf((_object, value) => value !== undefined);

export class LineItemRequestDto {
  @ApiProperty({ example: '2025 individual tax return', maxLength: 500 })
  @trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;

  @ApiProperty({ minimum: 0, maximum: MAX_UNIT_PRICE_MINOR, description: 'Integer minor units (cents).' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE_MINOR)
  unitPriceMinor!: number;

  @ApiProperty({ required: false, minimum: 0, maximum: 10_000, default: 0, description: '1/100 of a percent: 825 = 8.25 %.' })
  @omittable()
  @IsInt()
  @Min(0)
  @Max(10_000)
  taxRateBasisPoints?: number;
}

export class CreateInvoiceRequestDto {
  @ApiProperty({ format: 'date', example: '2026-03-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a valid calendar date' })
  dueDate!: string;

  @ApiProperty({ type: [LineItemRequestDto], minItems: 1, maxItems: MAX_LINE_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => LineItemRequestDto)
  lineItems!: LineItemRequestDto[];

  @ApiProperty({ required: false, maxLength: 2000 })
  @omittable()
  @IsString()
  @MaxLength(2000)
  memo?: string;
}
