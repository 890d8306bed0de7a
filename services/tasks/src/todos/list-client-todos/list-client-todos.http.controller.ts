import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { ListTodosRequestDto } from '../list-todos.request.dto';
import { TodoListResponseDto } from '../todo.response.dto';
import { ListClientTodosService } from './list-client-todos.service';

@ApiTags('todos')
@Roles('staff')
@Controller('clients/:clientId/todos')
export class ListClientTodosHttpController {
  constructor(private readonly listTodos: ListClientTodosService) {}

  @Get()
  @ApiOkResponse({
    type: TodoListResponseDto,
    description: "The client's to-dos (whoever they are assigned to), newest first, with who completed what and when.",
  })
  @ApiBadRequestResponse({ description: '`status` is not open, completed or all.' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  async list(@CurrentUser() principal: Principal, @Param('clientId') clientId: string, @Query() query: ListTodosRequestDto): Promise<TodoListResponseDto> {
    const todos = await this.listTodos.execute(firmScope(principal), clientId, query.status ?? 'all');
    if (!todos) throw new NotFoundException('Client not found');
    return TodoListResponseDto.from(todos);
  }
}
