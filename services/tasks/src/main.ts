import { bootstrapService } from '@portico/platform';
import { tasksDefinition } from './tasks.definition';

void bootstrapService(tasksDefinition);
