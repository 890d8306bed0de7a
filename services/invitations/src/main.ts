// First: tracing (when configured) must instrument http, express, Nest and MongoDB before they load.
import '@portico/telemetry';
import { bootstrapService } from '@portico/platform';
import { invitationsDefinition } from './invitations.definition';

void bootstrapService(invitationsDefinition);
