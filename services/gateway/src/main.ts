import { bootstrapService } from '@portico/platform';
import { gatewayDefinition } from './gateway.definition';

void bootstrapService(gatewayDefinition);
