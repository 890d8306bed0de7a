import { bootstrapService } from '@portico/platform';
import { invitationsDefinition } from './invitations.definition';

void bootstrapService(invitationsDefinition);
