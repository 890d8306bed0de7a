import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '@portico/platform';
import { PortalHomeModule } from '../portal-home/portal-home.module';

/** The OpenAPI document of the gateway's own routes, from their decorators (the proxied ones are the services'). */
export function ownOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Portico gateway: composed portal views')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config, { include: [PortalHomeModule] });
}
