import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { TodoRepository } from '../domain/todo.repository';
import { TodoResponseDto } from '../todo.response.dto';

@ApiTags('todos')
@Roles('staff')
@Controller('todos')
export class GetTodoHttpController {
  // A read with nothing to decide: the repository is the use case.
  constructor(private readonly todos: TodoRepository) {}

  @Get(':todoId')
  @ApiOkResponse({ type: TodoResponseDto })
  @ApiNotFoundResponse({ description: "No such to-do in your firm (another firm's looks the same)." })
  async get(@CurrentUser() principal: Principal, @Param('todoId') todoId: string): Promise<TodoResponseDto> {
    const todo = await this.todos.findById(firmScope(principal), todoId);
    if (!todo) throw new NotFoundException('To-do not found');
    return TodoResponseDto.from(todo);
  }
}
