import { GoneException, HttpException, NotFoundException } from '@nestjs/common';
import { InvitationUnknownError, InvitationUnusableError } from './domain/invitation-grant';

const REFUSALS = {
  used: { message: 'This invitation has already been accepted: log in instead', canRequestNewLink: false },
  revoked: { message: 'This invitation was withdrawn by the firm', canRequestNewLink: false },
  expired: {
    message: 'This invitation has expired: request a new link, it will be emailed to the invited address',
    canRequestNewLink: true,
    // The invitations service's self-serve re-issue: POST `{ token }` (answers 202 whatever happens).
    reissue: { method: 'POST', href: '/api/invitations/reissue' },
  },
} as const;

/**
 * The clear 4xx a link holder gets instead of the invitation: 404 for a link identity does
 * not know (a link replaced by a resend included: the old link says nothing about the invitation),
 * 410 Gone for one that worked once and no longer does, with `reason` for the page to pick its
 * wording, and for an expired one `canRequestNewLink` and the `reissue` request that emails a
 * fresh link to the invited address.
 */
export function invitationRefusal(error: InvitationUnknownError | InvitationUnusableError): HttpException {
  if (error instanceof InvitationUnknownError) {
    return new NotFoundException({
      statusCode: 404,
      error: 'Not Found',
      reason: 'unknown',
      canRequestNewLink: false,
      message: 'This invitation link is not valid: check that the whole link was opened',
    });
  }
  return new GoneException({ statusCode: 410, error: 'Gone', reason: error.state, ...REFUSALS[error.state] });
}

export function isInvitationRefusal(error: unknown): error is InvitationUnknownError | InvitationUnusableError {
  return error instanceof InvitationUnknownError || error instanceof InvitationUnusableError;
}
