import { Controller, HttpCode, NotFoundException, Param, Post, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, portalScope, Principal } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { TodoErrorsHttpFilter } from '../todo-errors.http-filter';
import { TodoResponseDto } from '../todo.response.dto';
import { CompleteTodoService } from './complete-todo.service';

@ApiTags('portal')
@UseFilters(TodoErrorsHttpFilter)
@Controller('portal/todos')
export class CompleteTodoHttpController {
  constructor(private readonly completeTodo: CompleteTodoService) {}

  @Post(':todoId/complete')
  @HttpCode(200)
  @ApiOkResponse({
    type: TodoResponseDto,
    description: 'Completed by the caller (TodoCompleted). Already completed: returned as it is, the first completion kept.',
  })
  @ApiForbiddenResponse({ description: 'A staff token, or a client token that has not entered a portal.' })
  @ApiNotFoundResponse({ description: 'No such to-do assigned to you.' })
  @ApiConflictResponse({ description: '`code: file_required`: a file request completes when its file is uploaded, not by hand.' })
  async complete(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('todoId') todoId: string): Promise<TodoResponseDto> {
    const todo = await this.completeTodo.execute(portalScope(principal), principal.userId, todoId, correlationId);
    if (!todo) throw new NotFoundException('To-do not found');
    return TodoResponseDto.from(todo);
  }
}
