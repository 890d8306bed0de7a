import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, portalScope, Principal } from '@portico/auth';
import { TodoRepository } from '../domain/todo.repository';
import { TodoResponseDto } from '../todo.response.dto';

@ApiTags('portal')
@Controller('portal/todos')
export class GetPortalTodoHttpController {
  // A read with nothing to decide: the repository is the use case.
  constructor(private readonly todos: TodoRepository) {}

  @Get(':todoId')
  @ApiOkResponse({ type: TodoResponseDto })
  @ApiForbiddenResponse({ description: 'A staff token, or a client token that has not entered a portal.' })
  @ApiNotFoundResponse({ description: 'No such to-do assigned to you (one of another client, or assigned to someone else, looks the same).' })
  async get(@CurrentUser() principal: Principal, @Param('todoId') todoId: string): Promise<TodoResponseDto> {
    const todo = await this.todos.findForPortal(portalScope(principal), todoId);
    if (!todo) throw new NotFoundException('To-do not found');
    return TodoResponseDto.from(todo);
  }
}
