import { bootstrapService } from '@portico/platform';
import { identityDefinition } from './identity.definition';

void bootstrapService(identityDefinition);
