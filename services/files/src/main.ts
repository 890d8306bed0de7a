import { bootstrapService } from '@portico/platform';
import { filesDefinition } from './files.definition';

void bootstrapService(filesDefinition);
