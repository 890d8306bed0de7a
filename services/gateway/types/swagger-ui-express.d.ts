// swagger-ui-express ships no types; only what the gateway uses is declared.
declare module 'swagger-ui-express' {
  import type { RequestHandler } from 'express';

  interface SwaggerUiOptions {
    swaggerUrl?: string;
    customSiteTitle?: string;
  }

  const swaggerUi: {
    generateHTML(document: object | undefined, options: SwaggerUiOptions): string;
    /** Static assets plus the init script of the last generateHTML call; options go to serve-static. */
    serveWithOptions(options: { redirect?: boolean }): RequestHandler[];
  };
  export default swaggerUi;
}
