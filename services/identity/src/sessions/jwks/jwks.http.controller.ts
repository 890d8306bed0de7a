import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, PublicJwk, TokenSigner } from '@portico/auth';

@ApiTags('auth')
@Controller('.well-known')
export class JwksHttpController {
  constructor(private readonly signer: TokenSigner) {}

  /** What every service's passport-jwt strategy fetches (and caches) to verify access tokens. */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: 'JSON Web Key Set with the public signing key(s).' })
  jwks(): { keys: PublicJwk[] } {
    return this.signer.jwks();
  }
}
