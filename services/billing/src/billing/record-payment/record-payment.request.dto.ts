import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '../domain/invoice';

const omittable = () => ValidateIf((_object, value) => value !== undefined);

export class RecordPaymentRequestDto {
  @ApiProperty({ minimum: 1, description: 'Integer minor units; at most the invoice balance (422 `amountMinor` / `maxBalance` otherwise).' })
  @IsInt()
  @Min(1)
  amountMinor!: number;

  @ApiProperty({ enum: PAYMENT_METHODS, description: 'How the client paid, as a recorded fact (no processor is called).' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  @ApiProperty({ required: false, format: 'date-time', description: 'When the money was received; default now.' })
  @omittable()
  @IsISO8601({ strict: true })
  paidAt?: string;

  @ApiProperty({ required: false, maxLength: 200, example: 'check #1042' })
  @omittable()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;
}
