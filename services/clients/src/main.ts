import { bootstrapService } from '@portico/platform';
import { clientsDefinition } from './clients.definition';

void bootstrapService(clientsDefinition);
