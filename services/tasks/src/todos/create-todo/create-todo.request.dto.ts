import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { z } from 'zod';
import { Assignee, ASSIGNEE_KINDS, DESCRIPTION_MAX, TITLE_MAX } from '../domain/todo';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// The rule of TodoCreated.dueDate: a real calendar day, so a request the event would refuse is a 400.
const isoDate = z.iso.date();

function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: (value: unknown) => isoDate.safeParse(value).success, defaultMessage: () => '$property must be a date as YYYY-MM-DD' },
    },
    options,
  );
}

/** A contactId goes with kind `contact` only. */
function OnlyForContactKind(): PropertyDecorator {
  return ValidateBy({
    name: 'onlyForContactKind',
    validator: {
      validate: (_value: unknown, args) => (args?.object as AssigneeRequestDto).kind === 'contact',
      defaultMessage: () => '$property is only given when kind is contact',
    },
  });
}

export class AssigneeRequestDto {
  @ApiProperty({ enum: ASSIGNEE_KINDS, description: '`client`: the client themself; `contact`: one of their linked contacts (then `contactId`).' })
  @IsIn(ASSIGNEE_KINDS)
  kind!: Assignee['kind'];

  @ApiProperty({ required: false, description: 'A linked contact of the client; required when kind is `contact`, refused otherwise.' })
  @ValidateIf((assignee: AssigneeRequestDto) => assignee.kind === 'contact' || assignee.contactId !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @OnlyForContactKind()
  contactId?: string;
}

export class CreateTodoRequestDto {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Upload your 2025 W-2' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TITLE_MAX)
  title!: string;

  @ApiProperty({ required: false, maxLength: DESCRIPTION_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiProperty({ required: false, type: String, format: 'date', example: '2026-04-15' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiProperty({ required: false, default: false, description: 'A file request: completes when the assignee uploads a file for it, never by hand.' })
  @IsOptional()
  @IsBoolean()
  requiresFile?: boolean;

  @ApiProperty({ type: AssigneeRequestDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AssigneeRequestDto)
  assignee!: AssigneeRequestDto;
}

export function assigneeOf({ kind, contactId }: AssigneeRequestDto): Assignee {
  return kind === 'contact' && contactId !== undefined ? { kind, contactId } : { kind: 'client' };
}
