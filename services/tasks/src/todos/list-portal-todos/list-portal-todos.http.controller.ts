import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, portalScope, Principal } from '@portico/auth';
import { TodoRepository } from '../domain/todo.repository';
import { ListTodosRequestDto } from '../list-todos.request.dto';
import { TodoListResponseDto } from '../todo.response.dto';

@ApiTags('portal')
@Controller('portal/todos')
export class ListPortalTodosHttpController {
  // A read with nothing to decide: the repository is the use case.
  constructor(private readonly todos: TodoRepository) {}

  @Get()
  @ApiOkResponse({
    type: TodoListResponseDto,
    description:
      "The caller's to-dos, newest first: the client themself (token contactId null) sees those assigned to the client, a linked contact those assigned to them.",
  })
  @ApiBadRequestResponse({ description: '`status` is not open, completed or all.' })
  @ApiForbiddenResponse({ description: 'A staff token, or a client token that has not entered a portal.' })
  async list(@CurrentUser() principal: Principal, @Query() query: ListTodosRequestDto): Promise<TodoListResponseDto> {
    const scope = portalScope(principal);
    return TodoListResponseDto.from(await this.todos.list(scope.firmId, scope.clientId, { status: query.status ?? 'all', assignedTo: scope }));
  }
}
