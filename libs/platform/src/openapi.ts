import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const BEARER_SCHEME = 'bearer';

/**
 * Serves the service's OpenAPI document at `/<prefix>/docs-json` (UI at `/<prefix>/docs`).
 * Every operation requires a bearer token unless marked @Public(), which mirrors the global guard.
 */
export function setupOpenApi(app: INestApplication, service: string, prefix: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Portico ${service}`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .addTag(service)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(`${prefix}/docs`, app, document, { jsonDocumentUrl: `${prefix}/docs-json`, yamlDocumentUrl: `${prefix}/docs-yaml` });
  return document;
}
