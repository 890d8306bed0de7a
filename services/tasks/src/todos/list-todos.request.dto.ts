import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { STATUS_FILTERS, StatusFilter } from './domain/todo.repository';

/** The query of both lists (staff's of a client, the portal caller's own). */
export class ListTodosRequestDto {
  @ApiProperty({ required: false, enum: STATUS_FILTERS, default: 'all' })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: StatusFilter;
}
