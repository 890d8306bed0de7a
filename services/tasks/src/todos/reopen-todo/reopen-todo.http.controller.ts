import { Controller, HttpCode, NotFoundException, Param, Post, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { TodoErrorsHttpFilter } from '../todo-errors.http-filter';
import { TodoResponseDto } from '../todo.response.dto';
import { ReopenTodoService } from './reopen-todo.service';

@ApiTags('todos')
@Roles('staff')
@UseFilters(TodoErrorsHttpFilter)
@Controller('todos')
export class ReopenTodoHttpController {
  constructor(private readonly reopenTodo: ReopenTodoService) {}

  @Post(':todoId/reopen')
  @HttpCode(200)
  @ApiOkResponse({
    type: TodoResponseDto,
    description: 'Open again, its completion cleared; TodoReopened is published. An open to-do is returned unchanged (no event).',
  })
  @ApiNotFoundResponse({ description: "No such to-do in your firm (another firm's looks the same)." })
  async reopen(@CurrentUser() principal: Principal, @CorrelationId() correlationId: string, @Param('todoId') todoId: string): Promise<TodoResponseDto> {
    const todo = await this.reopenTodo.execute(firmScope(principal), todoId, principal.userId, correlationId);
    if (!todo) throw new NotFoundException('To-do not found');
    return TodoResponseDto.from(todo);
  }
}
