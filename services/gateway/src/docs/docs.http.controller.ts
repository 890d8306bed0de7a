import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController, OpenAPIObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { OpenApiCollector } from './openapi-collector';

export const DOCS_JSON_PATH = '/api/docs-json';
export const DOCS_UI_PATH = '/api/docs/';

// The page loads its assets relative to /api/docs/ (served by swagger-ui-express, see main.ts).
const uiPage = swaggerUi.generateHTML(undefined, { swaggerUrl: DOCS_JSON_PATH, customSiteTitle: 'Portico API' });

@ApiExcludeController()
@Controller()
export class DocsHttpController {
  constructor(private readonly collector: OpenApiCollector) {}

  @Get('docs-json')
  json(): Promise<OpenAPIObject> {
    return this.collector.merged();
  }

  /** Browsers get Swagger UI; anything else (curl, tools) gets the merged JSON. */
  @Get('docs')
  async docs(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') {
      res.json(await this.collector.merged());
    } else if (!req.path.endsWith('/')) {
      res.redirect(301, DOCS_UI_PATH);
    } else {
      res.type('html').send(uiPage);
    }
  }
}
