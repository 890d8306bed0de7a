import { Body, Controller, NotFoundException, Param, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, firmScope, Principal, Roles } from '@portico/auth';
import { CorrelationId } from '@portico/platform';
import { TodoResponseDto } from '../todo.response.dto';
import { assigneeOf, CreateTodoRequestDto } from './create-todo.request.dto';
import { CreateTodoService } from './create-todo.service';

@ApiTags('todos')
@Roles('staff')
@Controller('clients/:clientId/todos')
export class CreateTodoHttpController {
  constructor(private readonly createTodo: CreateTodoService) {}

  @Post()
  @ApiCreatedResponse({ type: TodoResponseDto, description: 'The new open to-do; TodoCreated is published.' })
  @ApiBadRequestResponse({ description: 'Validation failed: `errors` names each field and rule (e.g. `dueDate`, isCalendarDate).' })
  @ApiNotFoundResponse({ description: "No such client in your firm (another firm's client looks the same)." })
  @ApiUnprocessableEntityResponse({ description: '`assignee.contactId` is not a linked contact of this client.' })
  async create(
    @CurrentUser() principal: Principal,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Body() body: CreateTodoRequestDto,
  ): Promise<TodoResponseDto> {
    const outcome = await this.createTodo.execute(
      {
        firmId: firmScope(principal),
        clientId,
        title: body.title,
        description: body.description,
        dueDate: body.dueDate,
        requiresFile: body.requiresFile,
        assignee: assigneeOf(body.assignee),
        createdBy: principal.userId,
      },
      correlationId,
    );
    switch (outcome.kind) {
      case 'clientNotFound':
        throw new NotFoundException('Client not found');
      case 'contactNotFound': {
        const message = 'assignee.contactId is not a linked contact of this client';
        throw new UnprocessableEntityException({
          statusCode: 422,
          error: 'Unprocessable Entity',
          message,
          errors: [{ field: 'assignee.contactId', rule: 'isContactOfClient', message }],
        });
      }
      case 'created':
        return TodoResponseDto.from(outcome.todo);
    }
  }
}
